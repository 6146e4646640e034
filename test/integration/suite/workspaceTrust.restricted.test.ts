// Workspace Trust, as a user meets it. runTests.mjs launches this file in a VS Code of its own
// (phase "restricted"): Workspace Trust on, the folder fixtures/restricted-workspace/ trusted by
// nobody, so VS Code opens it in Restricted Mode. The folder's .vscode/settings.json asks for
// checking that would hide findings (claims.jwJzPayers: [], claims.ndcPayers: [], a payer profile, a problem limit of 1);
// in Restricted Mode VS Code hands the extension only the user-level values of the restricted
// settings, so the server must check with the bundled defaults. The last test trusts the folder
// through the Workspace Trust editor, the way a user would, and sees the workspace settings apply.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  EXTENSION_ID, closeAllEditors, codeOf, describe, driver, driverAvailable, hasCode, lacksCode, openClaim,
  waitFor, waitForDiagnostics, workspaceUri,
} from './helpers';

/** The settings that change findings, and must not come from an untrusted folder. */
const RESTRICTED = ['claims.jwJzPayers', 'claims.ndcPayers', 'claims.payerProfiles', 'claims.unconfirmedContainerSeverity', 'claims.maxNumberOfProblems'];
const FIXTURE = 'trust.claim';

interface ClientLike { isRunning?: () => boolean; state?: number }

/** Line (0-based) → ids of the claims diagnostics there. */
function byLine(diags: readonly vscode.Diagnostic[]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const d of diags) m.set(d.range.start.line, [...(m.get(d.range.start.line) ?? []), codeOf(d) ?? '?']);
  return m;
}

suite('Workspace Trust: an untrusted folder in Restricted Mode', () => {
  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('the folder opened in Restricted Mode (Workspace Trust on, folder not trusted)', () => {
    assert.ok(vscode.workspace.workspaceFolders?.length === 1, 'the fixture folder is open');
    assert.strictEqual(vscode.workspace.isTrusted, false, 'vscode.workspace.isTrusted');
  });

  test('package.json declares limited support and restricts every setting that changes findings', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded in Restricted Mode`);
    const manifest = ext.packageJSON as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: unknown; restrictedConfigurations?: unknown } };
      contributes?: { configuration?: { properties?: Record<string, { scope?: string }> } };
    };
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.strictEqual(untrusted?.supported, 'limited');
    assert.ok(typeof untrusted?.description === 'string' && untrusted.description.length > 20, 'a description for the Restricted Mode dialog');
    assert.deepStrictEqual([...(untrusted?.restrictedConfigurations as string[] ?? [])].sort(), [...RESTRICTED].sort());
    const properties = manifest.contributes?.configuration?.properties ?? {};
    for (const key of RESTRICTED) assert.ok(properties[key], `${key} is a contributed setting (no typo in the list)`);
  });

  test('VS Code gives the extension the defaults of the restricted settings, the folder\'s value of the others', () => {
    const uri = workspaceUri(FIXTURE);
    // What the folder asks for (the file is there and says so)...
    const onDisk = fs.readFileSync(workspaceUri('.vscode/settings.json').fsPath, 'utf8');
    for (const key of [...RESTRICTED, 'claims.inlayHints.enabled']) assert.ok(onDisk.includes(`"${key}"`), `${key} in .vscode/settings.json`);
    // ...and what an extension is given.
    const config = vscode.workspace.getConfiguration('claims', uri);
    assert.deepStrictEqual(config.get('jwJzPayers'), ['medicare']);
    assert.deepStrictEqual(config.get('ndcPayers'), ['medicaid']);
    assert.strictEqual(config.get('unconfirmedContainerSeverity'), 'information');
    assert.deepStrictEqual(config.get('payerProfiles'), []);
    assert.strictEqual(config.get('maxNumberOfProblems'), 1000);
    // Not restricted: the folder's false applies, so the file was read and only the restricted keys dropped.
    assert.strictEqual(config.get('inlayHints.enabled'), false);
  });

  test('the extension activates in Restricted Mode and its language server runs', async () => {
    const { doc } = await openClaim(FIXTURE);
    assert.strictEqual(doc.languageId, 'claim');
    const ext = vscode.extensions.getExtension<{ client?: ClientLike }>(EXTENSION_ID);
    assert.ok(ext?.isActive, 'the extension is active');
    const client = ext.exports?.client;
    assert.ok(client, 'activate() returned { client }');
    await waitFor('the language client to run', () =>
      (typeof client.isRunning === 'function' ? client.isRunning() : client.state === 2) ? true : undefined, 30_000);
  });

  test('diagnostics are those of the bundled defaults: missing-jw-jz, payer acme unknown, no prior-auth-missing, not capped', async () => {
    const { uri } = await openClaim(FIXTURE);
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz and invalid-value', (ds) => hasCode('missing-jw-jz')(ds) && hasCode('invalid-value')(ds) && hasCode('missing-ndc')(ds), 20_000);
    const lines = byLine(diags);
    assert.deepStrictEqual(lines.get(2), ['missing-jw-jz'], `medicare requires JW/JZ (default jwJzPayers):\n  ${describe(diags)}`);
    const missing = diags.find((d) => codeOf(d) === 'missing-jw-jz');
    assert.strictEqual(missing?.severity, vscode.DiagnosticSeverity.Error, 'missing-jw-jz on a single-dose drug is an error');
    assert.deepStrictEqual(lines.get(4), ['invalid-value'], `payer=acme is not a bundled payer (payerProfiles ignored):\n  ${describe(diags)}`);
    assert.match(diags.find((d) => codeOf(d) === 'invalid-value')?.message ?? '', /acme/);
    assert.ok(lacksCode('prior-auth-missing')(diags), `the folder's acme profile is not applied:\n  ${describe(diags)}`);
    assert.deepStrictEqual(lines.get(8), ['missing-ndc'], `medicaid requires an NDC (default ndcPayers; the folder's [] ignored):\n  ${describe(diags)}`);
    assert.strictEqual(diags.length, 3, `all three problems reported (the folder's limit of 1 is ignored):\n  ${describe(diags)}`);
  });

  test('an untrusted folder\'s .claimcheck.json is not read: the finding it turns off is reported', async () => {
    const { uri } = await openClaim('config/silenced.claim');
    const diags = await waitForDiagnostics(uri, 'units-mismatch', hasCode('units-mismatch'), 20_000);
    assert.deepStrictEqual(diags.map(codeOf), ['units-mismatch'], describe(diags));
  });

  // Keep last: it changes the trust of the window.
  test('trusting the folder in the Workspace Trust editor applies its settings: the findings change', async function () {
    if (!driverAvailable()) this.skip(); // clicking the editor's button needs the UI driver (code-server host)
    const { uri } = await openClaim(FIXTURE);
    await waitForDiagnostics(uri, 'missing-jw-jz (still restricted)', hasCode('missing-jw-jz'));
    const granted = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => { sub.dispose(); resolve(); });
    });
    await vscode.commands.executeCommand('workbench.trust.manage');
    const click = await driver<{ clicked: boolean }>('click', {
      selector: '.workspace-trust-editor .workspace-trust-buttons-row .monaco-button', hasText: 'Trust', timeoutMs: 15_000,
    });
    assert.ok(click.clicked, 'the Workspace Trust editor showed its "Trust" button');
    await Promise.race([granted, new Promise((_, reject) => setTimeout(() => reject(new Error('onDidGrantWorkspaceTrust never fired')), 15_000))]);
    assert.strictEqual(vscode.workspace.isTrusted, true);
    const config = vscode.workspace.getConfiguration('claims', uri);
    assert.deepStrictEqual(config.get('jwJzPayers'), [], 'the folder\'s jwJzPayers now applies');
    assert.deepStrictEqual(config.get('ndcPayers'), [], 'the folder\'s ndcPayers now applies');
    const diags = await waitForDiagnostics(uri, 'the workspace settings to apply (no missing-jw-jz, acme known, prior-auth-missing)',
      (ds) => lacksCode('missing-jw-jz')(ds) && lacksCode('missing-ndc')(ds) && lacksCode('invalid-value')(ds) && hasCode('prior-auth-missing')(ds), 20_000);
    assert.deepStrictEqual(diags.map(codeOf), ['prior-auth-missing'], `only the acme claim's missing auth:\n  ${describe(diags)}`);
    // The folder's .claimcheck.json is read now too: units-mismatch is off below it.
    const silenced = await openClaim('config/silenced.claim');
    await waitForDiagnostics(silenced.uri, 'the config to apply (units-mismatch off)', lacksCode('units-mismatch'), 20_000);
  });
});
