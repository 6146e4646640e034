// The CLI's pieces of a large file (split.ts, checked on worker threads) over generated
// documents: cut anywhere the splitter may cut, the pieces' outcomes, merged in order, are the
// outcome of checking the file whole, in the text format and in JSON (which SARIF is made from).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { type CheckArgs, type FileOutcome, checkFile, checkPiece } from '../../server/src/cli/checkFile';
import { readClaimFile } from '../../server/src/cli/files';
import { splitClaimText } from '../../server/src/cli/split';
import { ClaimDocument } from '../../server/src/engine/check';
import { loadTables } from '../../server/src/engine/tables';
import { arbitraryClaims, arbitraryDocument, runs } from './arbitraries';

const tables = loadTables();
const dir = mkdtempSync(join(tmpdir(), 'claimcheck-pieces-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Claims, some repeated (duplicate ids far apart), with disable comments above some headers. */
const arbitraryFile = fc
  .tuple(fc.array(fc.oneof(arbitraryClaims, arbitraryDocument), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([parts, repeats, eol]) => {
    const all = [...parts, ...repeats.map((n) => parts[n % parts.length])];
    return all.map((part, i) => (i % 3 === 1 ? `# claims-disable-next-line duplicate-claim-id${eol}${part}` : part)).join(eol);
  });

async function whole(text: string, args: CheckArgs): Promise<{ output: string; outcome: FileOutcome }> {
  const file = join(dir, 'whole.claim');
  writeFileSync(file, text);
  let output = '';
  const outcome = await checkFile(file, 'f.claim', tables, args, { write: (t) => (output += t) });
  return { output, outcome };
}

test('a file checked in pieces reports what it reports checked whole, in the same order', async () => {
  await fc.assert(
    fc.asyncProperty(arbitraryFile, fc.integer({ min: 1, max: 400 }), fc.constantFrom<CheckArgs['format']>('text', 'json'), async (text, pieceChars, format) => {
      const args: CheckArgs = { format, fix: false, options: {} };
      const expected = await whole(text, args);
      if (expected.outcome.kind !== 'checked') return; // not text (NUL bytes): never split either
      const { text: read } = await readClaimFile(join(dir, 'whole.claim'));
      const pieces = splitClaimText(read, pieceChars);
      assert.equal(pieces.map((p) => p.text).join(''), read, 'the pieces are the text');
      const document = new ClaimDocument(read);
      for (const piece of pieces.slice(1)) assert.equal(document.blockStartOf(piece.firstLine), piece.firstLine, 'a piece starts a claim block');
      let output = '';
      const outcomes = pieces.map((piece) => checkPiece(piece, 'f.claim', tables, args, { write: (t) => (output += t) }));
      assert.equal(output, expected.output);
      const counts = { error: 0, warning: 0, information: 0, hint: 0 };
      for (const o of outcomes) for (const s of Object.keys(counts) as (keyof typeof counts)[]) counts[s] += o.counts[s];
      assert.deepEqual(counts, expected.outcome.counts);
      if (format === 'json') assert.deepEqual(outcomes.flatMap((o) => o.findings!), expected.outcome.findings);
    }),
    { numRuns: runs(200) },
  );
});
