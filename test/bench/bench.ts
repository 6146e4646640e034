// npm run bench: how fast the engine checks claim files, as ratios against peers measured in
// the same run on the same text (absolute times vary by machine; the ratios are what we track).
//   - full check of a 10,000-line file vs. a peer that only splits lines and tokenises them
//     with one regular expression (the least any checker must do);
//   - one keystroke in that file, checked incrementally (ClaimDocument.update + check) vs. a
//     full re-check of the whole text;
//   - the CLI's fixAll over the file vs. a plain full check.
import { performance } from 'node:perf_hooks';
import { ClaimDocument, checkText } from '../../server/src/engine/check';
import { fixAll } from '../../server/src/engine/fixes/fixAll';
import { loadTables } from '../../server/src/engine/tables';

const tables = loadTables();

/** A realistic file: claims of 4–6 lines with the usual mix of clean lines and mistakes. */
export function syntheticClaims(lineCount: number): string {
  const templates = [
    ['claim CLM-{n} payer=medicare dos=2025-01-15 dx=C91.00,Z51.12 patient=P-{n} pos=11', '  96413     units=1', '  J9039     units=28  dose=28mcg  vial=1x35mcg', '  J9039-JW  units=7'],
    ['claim CLM-{n} payer=medicare dos=2025-01-15 dx=C90.00 patient=P-{n}', '  J9037     units=360 dose=180mg  vial=2x100mg', '  J9037-JW  units=40'],
    ['claim CLM-{n} payer=commercial dos=2025-01-16 dx=C34.90 auth=PA-{n}', '  J9173-JZ  units=150 dose=1500mg vial=3x500mg'],
    ['claim CLM-{n} payer=medicare dos=2025-01-17 dx=C84.40', '  j9032     units=18 dose=1800mg vial=4x500mg drug=belinostat', '  J9032-JW  units=20'],
  ];
  const lines: string[] = [];
  for (let n = 1; lines.length < lineCount; n++) {
    for (const line of templates[n % templates.length]) lines.push(line.replace(/\{n\}/g, String(n)));
    lines.push('');
  }
  return lines.slice(0, lineCount).join('\n') + '\n';
}

/** Median milliseconds of `fn` over `runs` runs after `warmup` unmeasured ones. */
function measure(fn: () => unknown, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function tokeniseOnly(text: string): number {
  let tokens = 0;
  for (const line of text.split(/\r\n|\r|\n/)) tokens += line.match(/[^\s#]+|#.*/g)?.length ?? 0;
  return tokens;
}

function main(): void {
  const lines = 10_000;
  const text = syntheticClaims(lines);
  const rows: Array<[string, number, string, number]> = [];

  const full = measure(() => checkText(text, tables), 15);
  const floor = measure(() => tokeniseOnly(text), 15);
  rows.push(['full check, 10,000 lines', full, 'split + regex tokenise only', floor]);

  const document = new ClaimDocument(text);
  document.check(tables);
  let toggle = false;
  const keystroke = measure(() => {
    // Type and delete one digit in the middle of the file, as an editor sends it.
    toggle = !toggle;
    const position = { line: lines / 2 + 2, character: 18 };
    document.update(toggle ? { range: { start: position, end: position }, text: '1' } : { range: { start: position, end: { line: position.line, character: 19 } }, text: '' });
    return document.check(tables);
  }, 41);
  rows.push(['one keystroke, incremental', keystroke, 'full re-check of the file', full]);

  const fixing = measure(() => fixAll(text, tables), 5, 1);
  rows.push(['fix all, 10,000 lines', fixing, 'full check of the file', full]);

  console.log(`claimcheck engine benchmark (node ${process.version}, ${lines} lines, ${text.length} characters; median ms)\n`);
  console.log('| measured | ms | peer | peer ms | ratio |');
  console.log('| --- | ---: | --- | ---: | ---: |');
  for (const [name, ms, peer, peerMs] of rows) {
    console.log(`| ${name} | ${ms.toFixed(2)} | ${peer} | ${peerMs.toFixed(2)} | ${(ms / peerMs).toFixed(2)}× |`);
  }
  console.log(`\nthroughput: ${Math.round(lines / (full / 1000)).toLocaleString('en-US')} lines/s for a full check`);
}

if (require.main === module) main();
