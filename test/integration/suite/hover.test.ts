import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverText, openClaim, positionOf, waitFor } from './helpers';

async function hoverAt(uri: vscode.Uri, pos: vscode.Position, expect: RegExp): Promise<string> {
  let last = '';
  try {
    return await waitFor(`a hover matching ${expect}`, async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
      last = hoverText(hovers ?? []);
      return expect.test(last) ? last : undefined;
    }, 10_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}; last hover text: ${JSON.stringify(last)}`);
  }
}

suite('hover', () => {
  test('on J9039: descriptor, billing unit, drug and JW/JZ need', async () => {
    const { uri, doc } = await openClaim('missing-jz.claim');
    const text = await hoverAt(uri, positionOf(doc, 'J9039', 2), /Injection, blinatumomab, 1 microgram/);
    assert.match(text, /J9039/);
    assert.match(text, /1 unit = 1 mcg/, 'billing unit in words');
    assert.match(text, /blinatumomab/i);
    assert.match(text, /Blincyto/i, 'brand name');
    assert.match(text, /single-dose/i, 'container type and so JW/JZ');
    assert.match(text, /JW|JZ/);
  });

  test('on J9037 with a vial: the arithmetic for the hovered line', async () => {
    const { uri, doc } = await openClaim('november.claim');
    const text = await hoverAt(uri, positionOf(doc, 'J9037 ', 1), /belantamab/i);
    assert.match(text, /1 unit = 0\.5 mg/);
    assert.match(text, /360/, 'dose 180 mg → 360 units');
    assert.match(text, /40/, 'vial 2×100 mg → 40 discarded units');
  });

  test('on an NDC: the crosswalk\'s product, labeler, package, billable units, code and quarter', async () => {
    const { uri, doc } = await openClaim('ndc.claim');
    const text = await hoverAt(uri, positionOf(doc, '55513-0160-01', 3, 2), /Blincyto/);
    assert.match(text, /55513-0160-01/);
    assert.match(text, /Blincyto \(Amgen Inc\)/, 'product and labeler');
    assert.match(text, /Package: 1 item a package/, 'package');
    assert.match(text, /Billed under J9039|Billed under \*\*J9039\*\*/, 'the code it is billed under');
    assert.match(text, /35 billable units an item = 35 mcg a vial/, 'billable units of a vial');
    assert.match(text, /2026-01-01 to 2026-03-31/, 'the crosswalk quarter');
  });

  test('on a drug code dated in the ASP quarter: the Part B payment limit and what the line comes to', async () => {
    const { uri, doc } = await openClaim('ndc.claim');
    const text = await hoverAt(uri, positionOf(doc, 'J9039', 2, 2), /payment limit/);
    assert.match(text, /\$163\.683/, 'the limit per unit');
    assert.match(text, /28 units × \$163\.683 = \S*\$4,583\.12/, 'the line\'s units at the limit');
    assert.match(text, /vial 2 × 35 mcg \(NDC 55513-0160-01/, 'the vials sized by the NDC');
  });

  test('on a modifier: its descriptor', async () => {
    const { uri, doc } = await openClaim('november.claim');
    const text = await hoverAt(uri, positionOf(doc, '-JZ', 1), /JZ/);
    assert.match(text, /discard|wast/i, 'JZ is about drug not discarded');
  });
});
