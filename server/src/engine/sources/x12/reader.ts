// X12 reader: delimiters from the ISA segment, then segments, elements and components with their
// offsets in the text. Not a validator: it reads what the 837 mapper needs and reports only what
// stops it (no ISA, an ISA too short to give its delimiters).

export interface X12Delimiters {
  element: string;
  component: string;
  /** ISA11 when it is a separator (005010); undefined for older versions, which put `U` there. */
  repetition?: string;
  segment: string;
}

/** A piece of the text: [start, end) offsets. */
export interface X12Piece {
  text: string;
  start: number;
  end: number;
}

export interface X12Element extends X12Piece {
  /** The element split at the component separator (one piece for a simple element). */
  components: X12Piece[];
}

export interface X12Segment {
  /** Upper-cased segment id (`CLM`, `SV1`). */
  id: string;
  /** Offset of the segment id. */
  start: number;
  /** Offset of the segment terminator (or the end of the text when none follows). */
  end: number;
  /**
   * elements[0] is the segment id; elements[n] is the n-th data element (SV101 = elements[1]).
   * Split when asked (the last segment's split is kept), so a large file holds only offsets.
   */
  readonly elements: X12Element[];
}

export interface X12Problem {
  start: number;
  end: number;
  message: string;
}

export interface X12Document {
  text: string;
  delimiters: X12Delimiters;
  segments: X12Segment[];
  problems: X12Problem[];
}

export const DEFAULT_DELIMITERS: X12Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' };

const BLANK = /[\s\uFEFF]/;

/** The delimiters an ISA segment at `at` declares, or a reason it gives none. */
function isaDelimiters(text: string, at: number): X12Delimiters | string {
  const element = text[at + 3];
  if (element === undefined || /[A-Za-z0-9\s]/.test(element)) return 'the ISA segment has no element separator after "ISA"';
  let index = at + 3;
  let repetition: string | undefined;
  for (let n = 1; n <= 16; n++) {
    const next = text.indexOf(element, index + 1);
    if (n < 16 && next < 0) return `the ISA segment ends after ISA${String(n).padStart(2, '0')}; it has 16 elements`;
    if (n === 11) {
      const value = text.slice(index + 1, next);
      if (value.length === 1 && !/[A-Za-z0-9\s]/.test(value)) repetition = value;
    }
    if (n < 16) index = next;
  }
  const component = text[index + 1];
  const segment = text[index + 2];
  if (component === undefined || segment === undefined) return 'the ISA segment ends before ISA16 (component separator) and its segment terminator';
  return { element, component, repetition, segment };
}

function splitPieces(text: string, start: number, separator: string): X12Piece[] {
  const pieces: X12Piece[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(separator, from);
    const to = at < 0 ? text.length : at;
    pieces.push({ text: text.slice(from, to), start: start + from, end: start + to });
    if (at < 0) return pieces;
    from = at + separator.length;
  }
}

interface SplitContext {
  text: string;
  delimiters: X12Delimiters;
}

/** The most recently split segment: the mapper asks a segment for its elements several times in a row. */
let lastSplit: { segment?: Segment; elements: X12Element[] } = { elements: [] };

class Segment implements X12Segment {
  constructor(
    private readonly context: SplitContext,
    readonly id: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get elements(): X12Element[] {
    if (lastSplit.segment === this) return lastSplit.elements;
    const { text, delimiters } = this.context;
    const elements = splitPieces(text.slice(this.start, this.end), this.start, delimiters.element).map((piece) => {
      const element = piece as X12Element;
      // A simple element is its own one component (no split, no copy).
      element.components = piece.text.includes(delimiters.component) ? splitPieces(piece.text, piece.start, delimiters.component) : [piece];
      return element;
    });
    lastSplit = { segment: this, elements };
    return elements;
  }
}

/** Reads an X12 interchange. Never throws. */
export function readX12(text: string): X12Document {
  const problems: X12Problem[] = [];
  let first = 0;
  while (first < text.length && BLANK.test(text[first])) first++;
  let delimiters = DEFAULT_DELIMITERS;
  if (text.slice(first, first + 3).toUpperCase() !== 'ISA') {
    problems.push({
      start: first,
      end: Math.min(text.length, first + 3),
      message: 'the file does not start with an ISA segment, so its delimiters are not declared; read with * element, : component and ~ terminator',
    });
  } else {
    const found = isaDelimiters(text, first);
    if (typeof found === 'string') problems.push({ start: first, end: first + 3, message: `${found}; read with * element, : component and ~ terminator` });
    else delimiters = found;
  }
  const segments: X12Segment[] = [];
  const context: SplitContext = { text, delimiters };
  let at = first;
  while (at < text.length) {
    // Line breaks and blanks between segments are not part of them.
    while (at < text.length && BLANK.test(text[at]) && text[at] !== delimiters.segment) at++;
    if (at >= text.length) break;
    let end = text.indexOf(delimiters.segment, at);
    if (end < 0) end = text.length;
    // A blank right before the terminator (a line break where the terminator is a line break) is not data.
    let dataEnd = end;
    while (dataEnd > at && /[\r\n]/.test(text[dataEnd - 1])) dataEnd--;
    if (dataEnd > at) {
      const idEnd = text.indexOf(delimiters.element, at);
      const id = text.slice(at, idEnd < 0 || idEnd > dataEnd ? dataEnd : idEnd).trim().toUpperCase();
      segments.push(new Segment(context, id, at, dataEnd));
    }
    at = end + delimiters.segment.length;
  }
  return { text, delimiters, segments, problems };
}

/** Offsets → LSP positions (UTF-16 code units; LF, CRLF and lone CR end a line, as LSP counts them). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; character: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }

  /** Offset of an LSP position (clamped to its line's start). */
  offset(line: number, character: number): number {
    const start = this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
    return start + Math.max(0, character);
  }

  range(start: number, end: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
    return { start: this.position(start), end: this.position(end) };
  }
}
