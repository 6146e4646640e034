// Shared helpers of the integration suite (runs inside VS Code's extension host).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'claimcheck.claimcheck';
export const SOURCE = 'claims';

/** Every diagnostic id of the product contract (shared/spec/claim-language.md). */
export const SPEC_IDS = new Set([
  'syntax', 'unknown-field', 'invalid-value', 'duplicate-field', 'line-outside-claim', 'duplicate-claim-id',
  'missing-payer', 'missing-dos', 'missing-dx', 'empty-claim', 'invalid-icd10', 'dx-pointer-out-of-range',
  'unknown-code', 'code-not-effective', 'lowercase-code', 'unknown-modifier', 'too-many-modifiers',
  'duplicate-modifier', 'modifier-conflict', 'missing-units', 'units-mismatch', 'dose-unit-incompatible',
  'missing-jw-jz', 'jw-jz-conflict', 'jz-with-waste', 'jw-units-mismatch', 'jw-without-administered-line',
  'jw-jz-not-applicable', 'drug-code-mismatch', 'mue-exceeded', 'duplicate-line', 'prior-auth-missing',
  'dx-not-indicated',
]);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than undefined. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await sleep(100);
  }
}

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace must be open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} must be loaded as the extension under development`);
  await waitFor('the extension to activate', () => (ext.isActive ? true : undefined), 30_000);
  return ext;
}

/** Opens a fixture in an editor (reverting any unsaved change a previous test left) and waits for activation. */
export async function openClaim(name: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = workspaceUri(name);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.isDirty) await revert(doc);
  await activeExtension();
  return { uri, doc, editor };
}

/** Drops unsaved edits of `doc` (fixtures are a private copy, but tests must not see each other's edits). */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor('the document to be reverted', () => (doc.isDirty ? undefined : true));
}

/** Reverts every unsaved document, then closes all editors (no save prompt can block the run). */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file') await revert(doc);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function claimsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describe(diags: readonly vscode.Diagnostic[]): string {
  return diags.length === 0
    ? '(none)'
    : diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source}/${codeOf(d)} ${d.message}`).join('\n  ');
}

/** Waits until the diagnostics of `uri` satisfy `ok`; the failure message lists what was there. */
export async function waitForDiagnostics(
  uri: vscode.Uri, what: string, ok: (diags: vscode.Diagnostic[]) => boolean, timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  try {
    return await waitFor(what, () => {
      const diags = claimsDiagnostics(uri);
      return ok(diags) ? diags : undefined;
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}; diagnostics of ${path.basename(uri.fsPath)}:\n  ${describe(claimsDiagnostics(uri))}`);
  }
}

export const hasCode = (id: string) => (diags: vscode.Diagnostic[]): boolean => diags.some((d) => codeOf(d) === id);
export const lacksCode = (id: string) => (diags: vscode.Diagnostic[]): boolean => !diags.some((d) => codeOf(d) === id);

/** Position of the `occurrence`-th `text` in `doc` (offset `delta` characters into it). */
export function positionOf(doc: vscode.TextDocument, text: string, delta = 0, occurrence = 1): vscode.Position {
  const content = doc.getText();
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = content.indexOf(text, at + 1);
    assert.ok(at >= 0, `"${text}" (occurrence ${occurrence}) not found in ${path.basename(doc.uri.fsPath)}`);
  }
  return doc.positionAt(at + delta);
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Everything a completion item could show or insert, for matching. */
export function completionText(item: vscode.CompletionItem): string {
  const label = typeof item.label === 'string' ? item.label : `${item.label.label} ${item.label.detail ?? ''} ${item.label.description ?? ''}`;
  const insert = item.insertText === undefined ? '' : typeof item.insertText === 'string' ? item.insertText : item.insertText.value;
  const edit = item.textEdit instanceof vscode.TextEdit ? item.textEdit.newText : '';
  return [label, insert, edit, item.filterText ?? '', item.detail ?? ''].join(' ');
}

export async function placeCursor(editor: vscode.TextEditor, pos: vscode.Position): Promise<void> {
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await sleep(100);
}

// ---------------------------------------------------------------------------------------------
// The UI driver. Under the code-server host, Playwright drives the workbench page and serves
// requests a test logs as  [[CLAIMS_DRIVER {...}]]  by writing $CLAIMS_DRIVER_DIR/<id>.json.
// Under desktop VS Code there is no driver: tests that need one skip.

export function driverAvailable(): boolean {
  return !!process.env.CLAIMS_DRIVER_DIR;
}

let requestCounter = 0;
export async function driver<T extends object>(action: string, params: Record<string, unknown> = {}, timeoutMs = 40_000): Promise<T & { ok: boolean; error?: string }> {
  const dir = process.env.CLAIMS_DRIVER_DIR;
  assert.ok(dir, 'no UI driver (CLAIMS_DRIVER_DIR unset)');
  const id = `${Date.now()}-${++requestCounter}-${Math.random().toString(36).slice(2, 8)}-${action}`;
  console.log(`[[CLAIMS_DRIVER ${JSON.stringify({ id, action, ...params })}]]`);
  const file = path.join(dir, `${id}.json`);
  await waitFor(`the UI driver to answer ${action}`, () => (fs.existsSync(file) ? true : undefined), timeoutMs);
  const result = JSON.parse(fs.readFileSync(file, 'utf8')) as T & { ok: boolean; error?: string };
  assert.ok(result.ok, `UI driver ${action} failed: ${result.error}`);
  return result;
}

export interface ScreenshotResult { file: string; visible: boolean }

/** Asks the driver for a screenshot of the workbench once `waitFor` (CSS) with `hasText` is visible. */
export async function screenshot(name: string, waitForSelector: string, hasText?: string, pressAfter?: string): Promise<ScreenshotResult> {
  return driver<ScreenshotResult>('screenshot', { name, waitFor: waitForSelector, hasText, pressAfter });
}
