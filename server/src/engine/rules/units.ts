// Rule family: billed units (missing-units, units-mismatch, dose-unit-incompatible).
import { hcpcsEntry } from '../drugs';
import { MAX_BILLABLE_UNITS, computeLine, describeBillingUnit } from '../arithmetic';
import { insertFieldAfterCode, replaceToken } from '../fixes/edits';
import type { ServiceLine } from '../types';
import { formatQuantity, plural } from '../values';
import { doubtAboutCode, unitsFitAnotherCode } from './premises';
import { SERVICE_KEYS, fieldValue, hasField } from '../model';
import { intendedKey } from './fields';
import type { RuleContext } from './context';

export function checkLineUnits(line: ServiceLine, ctx: RuleContext): void {
  // A token that is not a code already has its syntax error; asking it for units adds noise.
  if (line.codeKind === 'invalid') return;
  const entry = hcpcsEntry(line, ctx.tables);
  const math = entry ? computeLine(line, entry, ctx.tables) : undefined;
  const isJwLine = line.modifiers.includes('JW');
  const hasUnitsField = hasField(line.parsed, 'units');
  if (!hasUnitsField) {
    const computed = isJwLine ? undefined : math?.administeredUnits;
    // `uints=42`: the units are there under a misspelled key, whose "Rename to units" is the fix.
    const misspelt = line.parsed.fields.some((f) => intendedKey(f, SERVICE_KEYS) === 'units');
    const fixes =
      computed !== undefined
        ? [{ title: `Add units=${computed}`, edits: [insertFieldAfterCode(line, `units=${computed}`)], preferred: !misspelt }]
        : [];
    const expected = computed !== undefined ? `; the dose comes to ${computed}` : '';
    ctx.report('missing-units', line.parsed.codeToken!.range, `${line.code} has no units=; the billed units are required${expected}`, fixes);
  }
  if (!entry || !math || !line.dose) return;
  const unitText = describeBillingUnit(math.unit);
  if (math.doseIncompatible) {
    ctx.report(
      'dose-unit-incompatible',
      fieldValue(line, 'dose')!.range,
      `dose ${formatQuantity(line.dose)} cannot be converted to ${line.code}'s billing unit (${unitText}); give the dose in ${compatibleUnits(math.unit.unit)}`,
    );
    return;
  }
  if (isJwLine || line.units === undefined) return;
  if (math.beyondBillable === 'dose') {
    ctx.report(
      'units-mismatch',
      fieldValue(line, 'units')!.range,
      `dose ${formatQuantity(line.dose)} of ${line.code} (${unitText}) comes to more than ${MAX_BILLABLE_UNITS} units, beyond any billable line; check the dose and its unit`,
    );
    return;
  }
  if (math.administeredUnits === undefined || line.units === math.administeredUnits) return;
  const unitsToken = fieldValue(line, 'units')!;
  const message = `${formatQuantity(line.dose)} of ${line.code} (${unitText}) is ${plural(math.administeredUnits, 'unit')}, not ${line.units}`;
  const fitting = unitsFitAnotherCode(line, entry, ctx);
  // Units that fit another code are a doubt already; otherwise ask the other doubts (one search, not two).
  const doubt = fitting ?? doubtAboutCode(line, entry, ctx);
  const advice = fitting
    ? `; ${line.units} units is exactly the dose under ${fitting} (${ctx.tables.hcpcs.get(fitting)!.short}): check the code`
    : '';
  ctx.report('units-mismatch', unitsToken.range, message + advice, [
    // Setting units assumes the code is right; a doubt about it leaves the choice to the biller.
    { title: `Set units to ${math.administeredUnits}`, edits: [replaceToken(unitsToken, String(math.administeredUnits))], preferred: doubt === undefined },
  ]);
}

function compatibleUnits(unit: string): string {
  return ['mcg', 'mg', 'g'].includes(unit) ? 'mcg, mg or g' : unit;
}
