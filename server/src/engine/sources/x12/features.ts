// Editor features on an 837: hovers (the same as on a .claim file's code, modifier, NDC and
// diagnosis), the outline of claims and lines, and "Format 837" (each segment on its own line).
import { CPT_FORM } from '../../parser';
import { MODIFIER_USE, codeHover, icd10Hover, ndcHover, type HoverResult } from '../../features/hover';
import type { ClaimSymbol } from '../../features/symbols';
import type { CheckOptions, CodeTables, Position, Range, TextEdit } from '../../types';
import { plural } from '../../values';
import type { X12Model } from './mapper';

function contains(range: Range, p: Position): boolean {
  const after = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const before = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return after && before;
}

export function x12HoverAt(model: X12Model, tables: CodeTables, _options: CheckOptions, position: Position): HoverResult | undefined {
  for (const claim of model.file.claims) {
    for (const dx of claim.header.dx) if (contains(dx.range, position)) return { contents: icd10Hover(dx.text, tables), range: dx.range };
    for (const line of claim.lines) {
      const parsed = line.parsed;
      const code = parsed.code!;
      if (contains(code.range, position)) {
        if (CPT_FORM.test(code.text)) return { contents: `**${line.code}** — CPT code. CPT descriptors are AMA-copyrighted and not bundled: only its form is checked, and no drug rules (units, JW/JZ) apply.`, range: code.range };
        const entry = tables.hcpcs.get(line.code);
        if (!entry) return { contents: `**${code.text}** is not in the bundled code tables (${tables.release}).`, range: code.range };
        return { contents: codeHover(entry, tables, line), range: code.range };
      }
      for (const modifier of parsed.modifiers) {
        if (!contains(modifier.range, position)) continue;
        const upper = modifier.text.toUpperCase();
        const entry = tables.modifiers.get(upper);
        const text = entry ? `**${upper}** — ${entry.long}` : `**${upper}** is not a modifier in the bundled tables.`;
        return { contents: MODIFIER_USE[upper] ? `${text}\n\n${MODIFIER_USE[upper]}` : text, range: modifier.range };
      }
      const ndc = parsed.fields.find((f) => f.key.text === 'ndc')?.value;
      if (ndc && contains(ndc.range, position)) {
        const text = ndcHover(ndc.text, line, tables);
        if (text) return { contents: text, range: ndc.range };
      }
      const pointer = parsed.fields.some((f) => f.key.text === 'dx') ? line.dxPointers.find((p) => contains(p.range, position)) : undefined;
      const dx = pointer && claim.header.dx[pointer.value - 1];
      if (pointer && dx) {
        const entry = tables.icd10.get(dx.normalized);
        return { contents: `dx ${pointer.value} → **${dx.text}**${entry ? ` — ${entry.description}` : ''}`, range: pointer.range };
      }
    }
  }
  return undefined;
}

/** The outline: each CLM with its service lines (capped as the .claim outline is). */
export function x12Symbols(model: X12Model, max = 5000): ClaimSymbol[] {
  let count = 0;
  for (const claim of model.file.claims) count += 1 + claim.lines.length;
  const withLines = count <= max;
  return model.file.claims.slice(0, max).map((claim) => {
    const info = model.claims.get(claim)!;
    const range = model.index.range(info.segment.start, info.last.end);
    const header = claim.header;
    return {
      name: `claim ${header.id || '(no id)'}`,
      detail: [header.payer, header.dos].filter(Boolean).join(' · '),
      kind: 'claim' as const,
      range,
      selectionRange: header.parsed.claimId?.range ?? header.parsed.keyword!.range,
      children: withLines
        ? claim.lines.map((line) => {
            const lineInfo = model.lineInfo.get(line)!;
            const start = (lineInfo.lx ?? lineInfo.segment).start;
            const end = Math.max(lineInfo.segment.end, lineInfo.lin?.end ?? 0);
            return {
              name: [line.code, ...line.modifiers].join('-'),
              detail: line.units !== undefined ? plural(line.units, 'unit') : '',
              kind: 'line' as const,
              range: model.index.range(start, end),
              selectionRange: line.parsed.codeToken!.range,
              children: [],
            };
          })
        : [],
    };
  });
}

/**
 * "Format 837": a line break after every segment terminator that is not followed by one. Lossless:
 * nothing is removed or changed, only line breaks are inserted (a reader skips them). The edits
 * are positions of the current text; `eol` is the file's own line ending.
 */
export function format837(model: X12Model, eol = '\n'): TextEdit[] {
  const { text } = model.document;
  const terminator = model.document.delimiters.segment;
  if (terminator === '\n' || terminator === '\r') return [];
  const edits: TextEdit[] = [];
  for (let i = 0; i < model.document.segments.length; i++) {
    const segment = model.document.segments[i];
    if (text.slice(segment.end, segment.end + terminator.length) !== terminator) continue;
    const after = segment.end + terminator.length;
    if (after >= text.length || text[after] === '\n' || text[after] === '\r') continue;
    const at = model.index.position(after);
    edits.push({ range: { start: at, end: at }, newText: eol });
  }
  return edits;
}

/** The file's line ending ('\r\n' when its first line break is one), '\n' when it has none. */
export function eolOf(text: string): string {
  const at = text.search(/\r\n|\n|\r/);
  if (at < 0) return '\n';
  return text.startsWith('\r\n', at) ? '\r\n' : text[at];
}
