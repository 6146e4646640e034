// Rule family: discarded-drug modifiers (missing-jw-jz, jw-jz-conflict, jz-with-waste,
// jw-units-mismatch, jw-without-administered-line, jw-jz-not-applicable).
import { computeLine, type LineArithmetic } from '../arithmetic';
import { containerStatus, describeProducts, hcpcsEntry, isDoseDrugCode, isEffectiveOn, type ContainerStatus } from '../drugs';
import { appendModifier, insertLineBelow, removeModifier, replaceToken } from '../fixes/edits';
import { MAX_MODIFIERS } from './modifiers';
import type { Claim, Fix, HcpcsCode, ServiceLine } from '../types';
import { fieldValue } from '../model';
import { plural } from '../values';
import type { RuleContext } from './context';
import { jwJzDates, jwJzExemptPos, payerRequiresJwJz } from '../payers';
import { doubtAboutCode } from './premises';

/** OPPS places of service where a packaged (status N) drug is not separately paid. */
const HOSPITAL_OUTPATIENT_POS = ['19', '22'];
const POS_NAMES: Record<string, string> = { '50': 'a federally qualified health center', '72': 'a rural health clinic' };

const NO_PAIRS: ReadonlyMap<ServiceLine, ServiceLine | undefined> = new Map();
const NO_JW_LINES: ServiceLine[] = [];

/** Pairs each JW line with the nearest line above it that bills the same code without JW. */
export function pairJwLines(claim: Claim): ReadonlyMap<ServiceLine, ServiceLine | undefined> {
  // Most claims have no JW line: they share one empty map.
  let jwLines = 0;
  for (const line of claim.lines) if (line.modifiers.includes('JW')) jwLines++;
  if (jwLines === 0) return NO_PAIRS;
  const pairs = new Map<ServiceLine, ServiceLine | undefined>();
  claim.lines.forEach((line, index) => {
    if (!line.modifiers.includes('JW')) return;
    let administered: ServiceLine | undefined;
    for (let i = index - 1; i >= 0 && !administered; i--) {
      const above = claim.lines[i];
      if (above.code === line.code && !above.modifiers.includes('JW')) administered = above;
    }
    pairs.set(line, administered);
  });
  return pairs;
}

function modifierToken(line: ServiceLine, modifier: string) {
  return line.parsed.modifiers[line.modifiers.indexOf(modifier)];
}

/**
 * The JW line for `units` discarded units of `line`'s drug. It repeats what bills the waste in
 * the same context as the dose: the line's own date and diagnosis pointers when they differ from
 * the header's, and its NDC (the discarded drug came from the same package).
 */
function jwLineText(line: ServiceLine, claim: Claim, units: number): string {
  const parts = [`${line.code}-JW`, `units=${units}`];
  const dos = fieldValue(line, 'dos');
  if (dos && line.dos && line.dos !== claim.header.dos) parts.push(`dos=${dos.text}`);
  const dx = fieldValue(line, 'dx');
  if (dx && !(line.dxPointers.length === 1 && line.dxPointers[0].value === 1)) parts.push(`dx=${dx.text}`);
  const ndc = fieldValue(line, 'ndc');
  if (ndc && line.ndc) parts.push(`ndc=${ndc.text}`);
  return parts.join(' ');
}

function jwLineFix(line: ServiceLine, claim: Claim, units: number, ctx: RuleContext, preferred: boolean): Fix {
  return {
    title: `Add JW line for ${plural(units, 'discarded unit')}`,
    edits: [insertLineBelow(line.parsed, jwLineText(line, claim, units), ctx.eol)],
    preferred,
  };
}

const unitsText = (units: number) => plural(units, 'unit');

/** The line's numbers under its code (computeLine keeps them on the line for the rules that ask again). */
function mathOf(line: ServiceLine, ctx: RuleContext): LineArithmetic | undefined {
  const entry = hcpcsEntry(line, ctx.tables);
  return entry ? computeLine(line, entry, ctx.tables) : undefined;
}

export function checkClaimJwJz(claim: Claim, ctx: RuleContext): void {
  const payer = claim.header.payer;
  const exemptPos = jwJzExemptPos(claim, ctx.options);
  if (exemptPos) {
    checkExemptPlace(claim, exemptPos, ctx);
    return;
  }
  const required = payerRequiresJwJz(payer, ctx.options);
  const pairs = pairJwLines(claim);
  let jwLinesOf: Map<ServiceLine, ServiceLine[]> | undefined;
  if (pairs.size > 0) {
    jwLinesOf = new Map();
    for (const [jw, administered] of pairs) {
      if (administered) jwLinesOf.set(administered, [...(jwLinesOf.get(administered) ?? []), jw]);
    }
  }
  for (const line of claim.lines) {
    const entry = hcpcsEntry(line, ctx.tables);
    if (!entry) continue;
    const hasJW = line.modifiers.includes('JW');
    const hasJZ = line.modifiers.includes('JZ');
    const container = containerStatus(line.code, ctx.tables, line.ndc);
    const lineMath = computeLine(line, entry, ctx.tables);
    checkVial(line, entry, lineMath, ctx);
    if (hasJW && hasJZ) {
      reportConflict(line, entry, lineMath, pairs.get(line) !== undefined, claim, ctx);
      continue;
    }
    if ((hasJW || hasJZ) && container === 'multi-dose') {
      const modifier = hasJW ? 'JW' : 'JZ';
      const fixes: Fix[] = hasJZ ? [{ title: 'Remove JZ', edits: removeModifier(line, 'JZ'), preferred: true }] : [];
      ctx.report(
        'jw-jz-not-applicable',
        modifierToken(line, modifier).range,
        `${modifier} applies only to drugs from single-dose containers; ${line.code} is supplied in multi-dose containers`,
        fixes,
      );
      // A JW line alone is also a line without its administered line (J9045-JW on its own).
      if (hasJW && !pairs.get(line)) checkJwLine(line, undefined, () => false, ctx);
      continue;
    }
    if (hasJW) {
      const administered = pairs.get(line);
      const administeredEntry = administered && hcpcsEntry(administered, ctx.tables);
      const administeredSure = () => administeredEntry !== undefined && doubtAboutCode(administered!, administeredEntry, ctx) === undefined;
      checkJwLine(line, administered, administeredSure, ctx);
      continue;
    }
    const jwLines = jwLinesOf?.get(line) ?? NO_JW_LINES;
    if (hasJZ) {
      checkJzLine(line, entry, lineMath, jwLines, claim, ctx);
      continue;
    }
    if (jwLines.length > 0 || !required || container === 'multi-dose') continue;
    // A code not valid on the date has its code-not-effective finding; what its container needs is moot.
    if (line.dos && !isEffectiveOn(entry, line.dos)) continue;
    checkMissing(line, entry, lineMath, container, claim, ctx);
  }
}

/**
 * Waste is computed with the line's code; when the line doubts its code, no fix bills it (asked
 * only when a fix is built: most lines need none).
 */
function sure(line: ServiceLine, entry: HcpcsCode, ctx: RuleContext): boolean {
  return doubtAboutCode(line, entry, ctx) === undefined;
}

/** At an FQHC or RHC neither JW nor JZ applies: only their presence is a finding. */
function checkExemptPlace(claim: Claim, pos: string, ctx: RuleContext): void {
  for (const line of claim.lines) {
    for (const modifier of ['JW', 'JZ'] as const) {
      if (!line.modifiers.includes(modifier)) continue;
      const fixes: Fix[] = modifier === 'JZ' ? [{ title: 'Remove JZ', edits: removeModifier(line, 'JZ'), preferred: true }] : [];
      ctx.report('jw-jz-not-applicable', modifierToken(line, modifier).range, `${modifier} does not apply at place of service ${pos} (${POS_NAMES[pos] ?? 'exempt for this payer'}): JW and JZ are not reported there`, fixes);
    }
  }
}

function checkVial(line: ServiceLine, entry: HcpcsCode, lineMath: LineArithmetic | undefined, ctx: RuleContext): void {
  if (!lineMath) return;
  const token = fieldValue(line, line.vial || line.vialCount !== undefined ? 'vial' : 'waste');
  if (lineMath.vialShort && token) {
    ctx.report('invalid-value', token.range, `vial=${token.text} holds less than the dose; check the dose and the vials opened`);
  }
  if (lineMath.wasteIncompatible && token) {
    ctx.report(
      'dose-unit-incompatible',
      token.range,
      `${token.text} cannot be converted to ${entry.code}'s billing unit (1 unit = ${entry.unit!.amount} ${entry.unit!.unit})`,
    );
  }
}

/**
 * JW and JZ on one line. A line with a dose is the administered line: it keeps JZ when nothing
 * was discarded, or loses both and gets its own JW line when the waste is known. A line without
 * a dose reads as the JW line of the administered line above it: it loses JZ.
 */
function reportConflict(
  line: ServiceLine,
  entry: HcpcsCode,
  lineMath: LineArithmetic | undefined,
  hasAdministeredLine: boolean,
  claim: Claim,
  ctx: RuleContext,
): void {
  const discarded = lineMath?.discardedUnits;
  const administers = line.dose !== undefined;
  const removeJw = removeModifier(line, 'JW');
  const removeJz = removeModifier(line, 'JZ');
  const fixes: Fix[] = [
    { title: 'Remove JW', edits: removeJw, preferred: administers && discarded === 0 },
    { title: 'Remove JZ', edits: removeJz, preferred: !administers && hasAdministeredLine },
  ];
  if (administers && discarded !== undefined && discarded > 0) {
    fixes.push({
      title: `Remove JW and JZ, and add a JW line for ${unitsText(discarded)}`,
      edits: [...removeJw, ...removeJz, insertLineBelow(line.parsed, jwLineText(line, claim, discarded), ctx.eol)].sort(
        (a, b) => a.range.start.character - b.range.start.character,
      ),
      preferred: sure(line, entry, ctx),
    });
  }
  ctx.report(
    'jw-jz-conflict',
    modifierToken(line, line.modifiers.indexOf('JW') > line.modifiers.indexOf('JZ') ? 'JW' : 'JZ').range,
    'JW (drug discarded) and JZ (nothing discarded) contradict each other on one line; an administered line takes JZ, a discarded amount goes on its own JW line',
    fixes,
  );
}

function checkJwLine(
  line: ServiceLine,
  administered: ServiceLine | undefined,
  administeredSure: () => boolean,
  ctx: RuleContext,
): void {
  if (!administered) {
    ctx.report(
      'jw-without-administered-line',
      modifierToken(line, 'JW').range,
      `this JW line reports discarded ${line.code}, but no line above it in the claim bills the administered ${line.code}; claims with only the JW line are rejected`,
    );
    return;
  }
  const discarded = mathOf(administered, ctx)?.discardedUnits;
  if (discarded === undefined || line.units === undefined || line.units === discarded) return;
  const unitsToken = fieldValue(line, 'units')!;
  const where = ctx.lineName(administered.parsed.line);
  if (discarded === 0) {
    ctx.report(
      'jw-units-mismatch',
      unitsToken.range,
      `the administered ${line.code} on ${where} leaves nothing discarded (dose and waste are within its billed units), so no JW line is billable; bill JZ on ${where} instead`,
    );
    return;
  }
  ctx.report(
    'jw-units-mismatch',
    unitsToken.range,
    `the administered ${line.code} on ${where} leaves ${unitsText(discarded)} discarded, not ${line.units}`,
    [{ title: `Set JW units to ${discarded}`, edits: [replaceToken(unitsToken, String(discarded))], preferred: administeredSure() }],
  );
}

function checkJzLine(
  line: ServiceLine,
  entry: HcpcsCode,
  lineMath: LineArithmetic | undefined,
  jwLines: ServiceLine[],
  claim: Claim,
  ctx: RuleContext,
): void {
  const jz = modifierToken(line, 'JZ');
  if (jwLines.length > 0) {
    ctx.report(
      'jz-with-waste',
      jz.range,
      `JZ says nothing was discarded, but the JW line on ${ctx.lineName(jwLines[0].parsed.line)} reports discarded ${line.code}`,
      [{ title: 'Remove JZ', edits: removeModifier(line, 'JZ'), preferred: true }],
    );
    return;
  }
  const discarded = lineMath?.discardedUnits;
  if (discarded === undefined || discarded === 0) return;
  const removeJz = removeModifier(line, 'JZ');
  const source = line.vial || line.vialCount !== undefined ? 'the vials opened' : 'waste=';
  ctx.report('jz-with-waste', jz.range, `JZ says nothing was discarded, but ${source} show ${unitsText(discarded)} discarded`, [
    {
      title: `Replace JZ with a JW line for ${unitsText(discarded)}`,
      edits: [...removeJz, insertLineBelow(line.parsed, jwLineText(line, claim, discarded), ctx.eol)],
      preferred: sure(line, entry, ctx),
    },
  ]);
}

function checkMissing(
  line: ServiceLine,
  entry: HcpcsCode,
  lineMath: LineArithmetic | undefined,
  status: ContainerStatus,
  claim: Claim,
  ctx: RuleContext,
): void {
  const confirmedSingleDose = status === 'single-dose';
  if (!confirmedSingleDose && !isDoseDrugCode(entry)) return;
  const dos = line.dos;
  const from = jwJzDates(claim.header.payer, ctx.options);
  if (!dos || dos < from.jw) return;
  const discarded = lineMath?.discardedUnits;
  // Before JZ was required (Medicare: July 2023) only the JW line for an actual discard was.
  if (dos < from.jz && !(discarded !== undefined && discarded > 0)) return;
  // Packaged (status N) drugs are not separately paid on hospital outpatient claims.
  if (entry.opps === 'N' && claim.header.pos && HOSPITAL_OUTPATIENT_POS.includes(claim.header.pos)) return;

  const payer = claim.header.payer;
  const products = status === 'mixed' ? describeProducts(line.code, ctx.tables) : '';
  const container = confirmedSingleDose
    ? `${line.code} comes in single-dose containers`
    : status === 'mixed'
      ? `${line.code} comes in single- and multi-dose containers${products ? ` (${products})` : ''}; ${line.ndc ? `the container of NDC ${line.ndc} is not recorded` : 'ndc= on the line decides which'}`
      : `${line.code} may come in single-dose containers (container type not confirmed)`;
  let advice: string;
  if (discarded === undefined) advice = 'add JZ if nothing was discarded, or a JW line for the discarded units (vial= or waste= lets the check compute them)';
  else if (discarded === 0) advice = 'nothing was discarded, so add JZ';
  else advice = `${unitsText(discarded)} were discarded, so bill them on a JW line below`;
  const fixes: Fix[] = [];
  if (line.modifiers.length < MAX_MODIFIERS) {
    fixes.push({ title: 'Add JZ modifier (no drug discarded)', edits: [appendModifier(line, 'JZ')], preferred: discarded === 0 && sure(line, entry, ctx) });
  }
  if (discarded !== undefined && discarded > 0) fixes.push(jwLineFix(line, claim, discarded, ctx, sure(line, entry, ctx)));
  ctx.report(
    'missing-jw-jz',
    line.parsed.codeToken!.range,
    `${container} and ${payer} requires JW or JZ: ${advice}`,
    fixes,
    // An unconfirmed container is calm by default: the biller checks the package (a setting raises it).
    confirmedSingleDose ? 'error' : ctx.options.unconfirmedContainerSeverity,
  );
}
