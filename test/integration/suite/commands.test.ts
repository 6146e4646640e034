import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, hasCode, openClaim, sleep, waitFor, waitForDiagnostics } from './helpers';

interface ClientLike { isRunning?: () => boolean; state?: number }

suite('commands', () => {
  test('claims.showCodeTableInfo runs without error', async () => {
    await openClaim('missing-jz.claim');
    // It may show a message and wait for it to be dismissed: only an error (rejection) fails.
    const outcome = await Promise.race([
      Promise.resolve(vscode.commands.executeCommand('claims.showCodeTableInfo')).then(() => 'done', (e: unknown) => `error: ${String(e)}`),
      sleep(3_000).then(() => 'pending'),
    ]);
    assert.ok(!outcome.startsWith('error'), outcome);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('claims.restartServer restarts the server and diagnostics come back', async () => {
    const { uri } = await openClaim('missing-jz.claim');
    await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    await vscode.commands.executeCommand('claims.restartServer');
    const client = vscode.extensions.getExtension<{ client?: ClientLike }>(EXTENSION_ID)?.exports?.client;
    assert.ok(client);
    await waitFor('the language client to run again', () =>
      (typeof client.isRunning === 'function' ? client.isRunning() : client.state === 2) ? true : undefined, 30_000);
    await waitForDiagnostics(uri, 'missing-jw-jz after the restart', hasCode('missing-jw-jz'), 30_000);
  });
});
