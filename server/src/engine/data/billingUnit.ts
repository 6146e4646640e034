// Reads a HCPCS long descriptor for the two facts the rules need: the billing unit ("…, 0.5 mg"
// → 1 unit = 0.5 mg) and the drug's name ("Injection, blinatumomab, 1 microgram" → blinatumomab).
// Used by scripts/generate-tables.ts; the engine only reads the generated table.
import type { AmountUnit, BillingUnit } from '../types';

export type BillingUnitResult = { unit: BillingUnit } | { noDose: string };

/** A separately billed drug by its descriptor: every J code, and other codes for an injection or infusion ("Injection, …"; not "Infusion pump, …"). */
export function isDrugDescriptor(code: string, long: string): boolean {
  return code.startsWith('J') || /^(?:injection|infusion),/i.test(long);
}

const UNIT_WORDS: ReadonlyArray<[RegExp, AmountUnit, number]> = [
  [/^(?:micrograms?|mcg)$/, 'mcg', 1],
  [/^(?:milligrams?|mg)$/, 'mg', 1],
  [/^(?:grams?|gm|g)$/, 'g', 1],
  [/^(?:milliliters?|ml|cc)$/, 'ml', 1],
  [/^(?:units?|i\.?u\.?|international units?|usp units?)$/, 'units', 1],
  [/^million (?:units?|i\.?u\.?|international units?)$/, 'units', 1_000_000],
];

const AMOUNT = '(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|\\.\\d+';
const UNIT = 'million (?:units?|i\\.?u\\.?|international units?)|micrograms?|mcg|milligrams?|mg|grams?|gm|g|milliliters?|ml|cc|international units?|usp units?|units?|i\\.?u\\.?';
/** A whole descriptor segment that is a dose: "1 microgram", "per 10 mg", "up to 250 mg", "per i.u." */
const DOSE_SEGMENT = new RegExp(`^(?:per |up to |each )?(?:(${AMOUNT}) ?)?(${UNIT})(?: (?:of|vwf|factor)\\b.*| per (?:dose|vial)| and [a-z][a-z-]*(?: [a-z-]+)*)?$`);
const LOOKS_LIKE_DOSE = new RegExp(`(?:^|\\s)(?:${AMOUNT})\\s?(?:${UNIT})(?:$|[\\s,.;)])`);

/** The descriptor without parenthetical notes ("(code may be used for medicare when …)") and squeezed spaces. */
function withoutNotes(long: string): string {
  let text = long;
  // Repeat: notes can nest ("(for esrd (on dialysis))").
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\([^()]*\)/g, ' ');
  }
  return text.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
}

function segmentsOf(long: string): string[] {
  return withoutNotes(long)
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function unitOf(word: string): [AmountUnit, number] | undefined {
  for (const [pattern, unit, factor] of UNIT_WORDS) if (pattern.test(word)) return [unit, factor];
  return undefined;
}

/**
 * The billing unit of a code from its long descriptor. The unit phrase is the last segment of
 * the descriptor that is a dose by itself; descriptors whose unit is not an amount ("per vial",
 * "per dose", "not otherwise classified") or that name several doses give `noDose` with the reason.
 */
export function parseBillingUnit(long: string): BillingUnitResult {
  const segments = segmentsOf(long);
  if (segments.length === 0) return { noDose: 'empty descriptor' };
  const text = segments.join(', ');
  if (/\b(?:not otherwise (?:classified|specified)|unclassified)\b/.test(text) && !segments.some((s) => DOSE_SEGMENT.test(s))) {
    return { noDose: 'not otherwise classified' };
  }
  for (let i = segments.length - 1; i >= 1; i--) {
    const match = DOSE_SEGMENT.exec(segments[i]);
    if (!match) continue;
    const unit = unitOf(match[2]);
    if (!unit) continue;
    const amount = match[1] === undefined ? 1 : Number(match[1].replace(/,/g, ''));
    if (!(amount > 0)) continue;
    // "Albuterol, up to 2.5 mg and ipratropium bromide, up to 0.5 mg": two drugs, two doses.
    const otherDoses = segments.slice(0, i).filter((s) => LOOKS_LIKE_DOSE.test(s) && !/equivalent to/.test(s));
    if (otherDoses.length > 0) return { noDose: 'several doses in one descriptor' };
    return { unit: { amount: amount * unit[1], unit: unit[0], text: segments[i] } };
  }
  const perWhat = /\bper ([a-z][a-z ]*)$/.exec(segments[segments.length - 1]);
  if (perWhat) return { noDose: `per ${perWhat[1]}` };
  return { noDose: 'no dose in descriptor' };
}

const ROUTE_WORDS = /^(?:injection|infusion|instillation|implant|inhalation|irrigation|intravenous|intramuscular|subcutaneous|intravitreal|intrathecal|intravesical|topical|ophthalmic|otic|nasal|vaginal|rectal)(?:\b.*)?$/;
const NOT_A_NAME = /^(?:per |up to |each |for |not |excludes? |includes? |biosimilar|\d)/;

/**
 * Drug names in a drug descriptor, lower case: "Injection, belantamab mafodotin-blmf, 0.5 mg" →
 * ["belantamab mafodotin-blmf"]; "Capecitabine, oral, 50 mg" → ["capecitabine"]. Empty for
 * descriptors that do not start with a route or a drug name followed by a dose.
 */
export function drugNamesFromDescriptor(long: string): string[] {
  const segments = segmentsOf(long);
  if (segments.length < 2) return [];
  const nameSegment = ROUTE_WORDS.test(segments[0]) && !/\s/.test(segments[0]) ? segments[1] : segments[0];
  if (NOT_A_NAME.test(nameSegment) || ROUTE_WORDS.test(nameSegment)) return [];
  const name = nameSegment.replace(/\s+/g, ' ').trim();
  return name.length >= 3 ? [name] : [];
}
