import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openClaim, waitFor } from './helpers';

interface ClientLike { isRunning?: () => boolean; state?: number }

suite('activation', () => {
  test('the extension is not active before a .claim file is opened', () => {
    // onLanguage:claim is the only activation event; nothing has opened a .claim file yet.
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} must be loaded as the extension under development`);
    assert.strictEqual(ext.isActive, false);
  });

  test('opening a .claim file selects the claim language and activates the extension', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('claim'), 'language id "claim" is registered');
    const { doc } = await openClaim('missing-jz.claim');
    assert.strictEqual(doc.languageId, 'claim');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'the extension is active');
  });

  test('activate() returns { client }, a running LanguageClient', async () => {
    const ext = vscode.extensions.getExtension<{ client?: ClientLike }>(EXTENSION_ID);
    const client = ext?.exports?.client;
    assert.ok(client, 'activate() must return { client }');
    // vscode-languageclient: State.Running === 2
    await waitFor('the language client to run', () =>
      (typeof client.isRunning === 'function' ? client.isRunning() : client.state === 2) ? true : undefined, 30_000);
  });

  test('contributes the claims.* commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['claims.fixAll', 'claims.restartServer', 'claims.showCodeTableInfo']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });

  test('contributes the claims.jwJzPayers setting (default ["medicare"])', () => {
    const inspected = vscode.workspace.getConfiguration('claims').inspect<string[]>('jwJzPayers');
    assert.deepStrictEqual(inspected?.defaultValue, ['medicare']);
  });
});
