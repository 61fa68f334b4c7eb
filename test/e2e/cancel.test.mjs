// @ts-check
// Every long operation shows a progress notification with "Cancel". Each test makes the
// operation's request hang on the server, clicks Cancel in the real notification, then checks
// that the request was stopped (the sandbox saw the client go away), that nothing changed on
// the server, that no error toast appeared (cancelling is not an error), and that trying again
// works.
import * as assert from 'node:assert/strict';
import { useWorkbench } from './harness.mjs';

const SLOW = 60_000;
const IDENTITY = 'aks-prod-workload';
const BARE = 'no-auth-yet';
const ROTATABLE = 'prod-entra-graph';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/**
 * @typedef {{ id: string, name: string, version: number }} Connection
 * @typedef {{ id: string, name: string }} Identity
 * @typedef {{ identityId: string, accessTokenNumUsesLimit: number }} AzureAuth
 * @typedef {{ connections: Connection[], identities: Identity[], azureAuths: AzureAuth[], tokens: unknown[] }} State
 * @typedef {{ clientId: string, clientSecret: string }} Demo
 */

describe('Cancel from the progress notification', () => {
  // VS Code in a browser auto-saves after a second by default; desktop VS Code does not. Off
  // here, so the test decides when the document is saved.
  const wb = useWorkbench('cancel', { settings: { 'files.autoSave': 'off' } });
  const state = async () => /** @type {State} */ (await wb().control('GET', 'state'));
  const identityId = async (/** @type {string} */ name) => {
    const id = (await state()).identities.find((i) => i.name === name)?.id;
    assert.ok(id, name);
    return id;
  };
  const azureAuthOf = async (/** @type {string} */ id) =>
    (await state()).azureAuths.find((a) => a.identityId === id);
  const frame = () => wb().webview();

  /** Makes the next request of a method and path wait (the server does nothing meanwhile). */
  const hang = (/** @type {string} */ method, /** @type {string} */ path) =>
    wb().control('POST', 'faults', { method, path, latencyMs: SLOW, times: 1 });

  /** Cancels, then checks: the request stopped, no error toast. */
  async function cancel(
    /** @type {RegExp} */ progress,
    /** @type {string} */ method,
    /** @type {string} */ path,
  ) {
    await wb().cancelProgress(progress);
    const entry = await wb().request(method, path, (r) => r.aborted === true);
    assert.equal(entry.status, 0, 'never answered');
    // Give a wrongly reported cancellation time to show up.
    await wb().page.waitForTimeout(1000);
    assert.deepEqual(await wb().errorToasts().allInnerTexts(), [], 'no error toast');
  }

  /** Runs a command that asks which connection or identity, and picks it. */
  async function runOn(/** @type {string} */ command, /** @type {string} */ row) {
    await wb().runCommand(command);
    const widget = wb().page.locator('.quick-input-widget');
    // The palette pickers all say what typing does ("Type a name to search the server", …).
    const input = widget.locator('.quick-input-box input[placeholder^="Type"]');
    await input.waitFor({ state: 'visible' });
    // The list shows only the rows in view: type to filter, as a user would, key by key.
    await input.pressSequentially(row, { delay: 60 });
    // Identity pickers search the server once typing pauses (250 ms): pick once the answer is in
    // (a search that takes longer shows the busy bar, after 800 ms).
    await wb().page.waitForTimeout(800);
    await widget.locator('.quick-input-progress.infinite').waitFor({ state: 'detached', timeout: 15_000 });
    await wb().pick(row);
  }

  it('sign-in: the login request stops, no profile is saved, and signing in again works', async () => {
    const demo = /** @type {Demo} */ (/** @type {unknown} */ (wb().sandbox.demo));
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    const tokens = (await state()).tokens.length;
    await hang('POST', '/api/v1/auth/universal-auth/login');
    await wb().view('App Connections').getByRole('button', { name: 'Sign In' }).click();
    await wb().signInPrompts(demo, undefined);
    await cancel(/Signing in to 127\.0\.0\.1/, 'POST', '/api/v1/auth/universal-auth/login');
    assert.equal((await state()).tokens.length, tokens, 'no token was issued');
    await wb().view('App Connections').getByRole('button', { name: 'Sign In' }).waitFor();
    await wb().view('App Connections').getByRole('button', { name: 'Sign In' }).click();
    await wb().signInPrompts(demo, '');
    await wb().treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('"Edit Azure Auth…": loading the form stops, no form opens, and opening it again works', async () => {
    const id = await identityId(IDENTITY);
    const path = `/api/v1/auth/azure-auth/identities/${id}`;
    await hang('GET', path);
    await runOn('Infisical: Edit Azure Auth…', IDENTITY);
    await cancel(new RegExp(`Loading ${IDENTITY} from Infisical`), 'GET', path);
    assert.equal(await wb().page.locator('iframe.webview').count(), 0, 'no form panel was opened');
    await runOn('Infisical: Edit Azure Auth…', IDENTITY);
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    await frame().locator('#app:not([aria-busy="true"])').waitFor();
  });

  it('saving the form: the PATCH stops, the form says so, the server is unchanged, saving again works', async () => {
    const id = await identityId(IDENTITY);
    const path = `/api/v1/auth/azure-auth/identities/${id}`;
    const before = (await azureAuthOf(id))?.accessTokenNumUsesLimit;
    await frame().locator('#field-accessTokenNumUsesLimit input').first().fill('5');
    await hang('PATCH', path);
    // The form's change summary is its confirmation: Save sends.
    await frame().locator('#save').click();
    await cancel(/Saving .* to Infisical/, 'PATCH', path);
    await frame()
      .locator('#form-banner', { hasText: /cancelled while sending/ })
      .waitFor({ timeout: 10_000 });
    assert.equal((await azureAuthOf(id))?.accessTokenNumUsesLimit, before, 'the server is unchanged');
    await wb().clearNotifications();
    await frame().locator('#save').click();
    await wb()
      .notification(/Saved identity ".*" Azure Auth to Infisical: accessTokenNumUsesLimit/)
      .first()
      .waitFor({ timeout: 20_000 });
    assert.equal((await azureAuthOf(id))?.accessTokenNumUsesLimit, 5);
    await wb().runCommand('View: Close Editor');
  });

  it('saving the JSON document: the PATCH stops, the edit is kept, saving again works', async () => {
    const id = await identityId(IDENTITY);
    const path = `/api/v1/auth/azure-auth/identities/${id}`;
    await runOn('Infisical: Edit Azure Auth as JSON', IDENTITY);
    const tab = wb().page.locator('.tab', { hasText: 'azure-auth.jsonc' });
    await tab.waitFor({ timeout: 20_000 });
    const editor = wb().page.locator('.editor-instance .monaco-editor').first();
    const dirty = wb().page.locator('.tab.dirty', { hasText: 'azure-auth.jsonc' });
    // The last field is on its own line, without a comma: replace its value as a user types.
    const line = editor.locator('.view-line', { hasText: '"accessTokenNumUsesLimit": 5' });
    await line.waitFor();
    await line.click();
    await wb().page.keyboard.press('End');
    await wb().page.keyboard.press('Backspace');
    await wb().page.keyboard.type('9');
    await dirty.waitFor();
    await wb().clearNotifications();
    await hang('PATCH', path);
    await wb().page.keyboard.press('ControlOrMeta+S');
    await wb().dialogButton('Save').click({ timeout: 15_000 });
    await wb().cancelProgress(/Saving .* to Infisical/);
    await wb().request('PATCH', path, (r) => r.aborted === true);
    // VS Code reports every failed write of a file as "Failed to save": the only way to keep the
    // edit unsaved. Its text is the extension's, and says this was a cancellation.
    const failed = wb().toast(/Failed to save 'azure-auth\.jsonc'/);
    await failed.first().waitFor({ timeout: 10_000 });
    assert.match(await failed.first().innerText(), /Not saved: cancelled while sending/);
    await wb().page.waitForTimeout(1000);
    const errors = await wb().errorToasts().allInnerTexts();
    assert.equal(errors.length, 1, errors.join('\n'));
    await dirty.waitFor();
    await editor.locator('.view-line', { hasText: '"accessTokenNumUsesLimit": 9' }).waitFor();
    assert.equal((await azureAuthOf(id))?.accessTokenNumUsesLimit, 5, 'the server is unchanged');
    await wb().clearNotifications();
    await wb().page.keyboard.press('ControlOrMeta+S');
    await wb().dialogButton('Save').click({ timeout: 15_000 });
    await dirty.waitFor({ state: 'detached' });
    assert.equal((await azureAuthOf(id))?.accessTokenNumUsesLimit, 9);
    await wb().runCommand('View: Close Editor');
  });

  it('rotating credentials: the request stops, nothing rotates, rotating again works', async () => {
    const connection = () => state().then((s) => s.connections.find((c) => c.name === ROTATABLE));
    const before = await connection();
    assert.ok(before);
    const path = `/api/v1/app-connections/azure-client-secrets/${before.id}/rotate-credentials`;
    await hang('POST', path);
    await runOn('Infisical: Rotate Connection Credentials Now…', ROTATABLE);
    await wb().dialogButton('Rotate Now').click({ timeout: 15_000 });
    await cancel(new RegExp(`Rotating ${ROTATABLE}`), 'POST', path);
    assert.equal((await connection())?.version, before.version, 'not rotated');
    await runOn('Infisical: Rotate Connection Credentials Now…', ROTATABLE);
    await wb().dialogButton('Rotate Now').click({ timeout: 15_000 });
    await wb().notification(`Rotated the credentials of "${ROTATABLE}"`).first().waitFor({ timeout: 20_000 });
    assert.ok(((await connection())?.version ?? 0) > before.version, 'rotated');
  });

  it('attaching Azure Auth: the request stops, nothing is attached, attaching again works', async () => {
    const id = await identityId(BARE);
    const path = `/api/v1/auth/azure-auth/identities/${id}`;
    const attach = async () => {
      await runOn('Infisical: Attach Azure Auth…', BARE);
      await wb().answer(/tenant/, TENANT);
      await wb().answer(/resource/, 'https://management.azure.com/');
      await wb().answer(/allowed service principals/, '');
      await wb().dialogButton('Attach').click({ timeout: 15_000 });
    };
    await hang('POST', path);
    await attach();
    await cancel(new RegExp(`Attaching Azure Auth to ${BARE}`), 'POST', path);
    assert.equal(await azureAuthOf(id), undefined, 'not attached');
    await attach();
    await wb().notification(`Azure Auth attached to "${BARE}"`).first().waitFor({ timeout: 20_000 });
    assert.ok(await azureAuthOf(id), 'attached');
  });

  it('revoking Azure Auth: the request stops, it stays attached, revoking again works', async () => {
    const id = await identityId(BARE);
    const path = `/api/v1/auth/azure-auth/identities/${id}`;
    const revoke = async () => {
      await runOn('Infisical: Revoke Azure Auth…', BARE);
      await wb().dialogButton('Revoke Azure Auth').click({ timeout: 15_000 });
    };
    await hang('DELETE', path);
    await revoke();
    await cancel(new RegExp(`Revoking Azure Auth from ${BARE}`), 'DELETE', path);
    assert.ok(await azureAuthOf(id), 'still attached');
    await revoke();
    await wb().notification(`Revoked Azure Auth from "${BARE}"`).first().waitFor({ timeout: 20_000 });
    assert.equal(await azureAuthOf(id), undefined, 'revoked');
  });
});
