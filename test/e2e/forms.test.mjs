// @ts-check
// The "Edit…" forms in a real webview: Azure Auth TTLs and trusted IPs saved to the server (the
// change summary beside Save is the one confirmation, and Save never moves under the pointer), a
// 422 on its field, a conflict, a failed save that keeps the typed values, and an OAuth
// connection that offers re-authorization instead of a code field. Every value typed key by key
// after Ctrl+A, as a person does.
import * as assert from 'node:assert/strict';
import { useWorkbench } from './harness.mjs';

const IDENTITY = 'aks-prod-workload';
const OAUTH = 'contoso-oauth-admin';

/** @typedef {{ identities: { id: string, name: string }[], azureAuths: Record<string, unknown>[] }} State */

describe('Edit in forms', () => {
  const wb = useWorkbench('forms', { demoProfile: true });
  /** @type {string} */
  let identityId;
  const frame = () => wb().webview();
  const field = (/** @type {string} */ id) => frame().locator(`#${id} input`).first();
  const stored = async () =>
    /** @type {State} */ (await wb().control('GET', 'state')).azureAuths.find(
      (a) => a.identityId === identityId,
    ) ?? {};

  async function waitStored(/** @type {(a: Record<string, unknown>) => boolean} */ done) {
    const until = Date.now() + 20_000;
    while (!done(await stored())) {
      if (Date.now() > until)
        assert.fail(`the server state never changed: ${JSON.stringify(await stored())}`);
      await wb().page.waitForTimeout(100);
    }
  }

  /** Selects what a field holds (Ctrl+A) and types `text` key by key. */
  async function retype(/** @type {string} */ id, /** @type {string} */ text) {
    const input = field(id);
    await input.click();
    await wb().page.keyboard.press('ControlOrMeta+A');
    await wb().page.keyboard.type(text, { delay: 50 });
    assert.equal(await input.inputValue(), text);
  }

  /**
   * Save, with the form's summary as the confirmation: nothing else is clicked, so a dialog that
   * asked again would hold the save and the test's wait for its outcome would fail.
   */
  async function save() {
    await frame().locator('#save').click();
  }

  const noDialog = async () =>
    assert.equal(await wb().page.locator('.monaco-dialog-box').count(), 0, 'no dialog repeats the summary');

  const saveBox = async () => {
    const box = await frame().locator('#save').boundingBox();
    assert.ok(box, 'the Save button is on screen');
    return box;
  };

  it('"Edit Azure Auth…" opens the form with the server’s values', async () => {
    const state = /** @type {State} */ (await wb().control('GET', 'state'));
    identityId = /** @type {string} */ (state.identities.find((i) => i.name === IDENTITY)?.id);
    // An identity for Key Vault: its audience is a choice, not a mistake to correct.
    await wb().control('PATCH', `azure-auth/${identityId}`, { resource: 'https://vault.azure.net' });
    const started = Date.now();
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    await frame().locator('#app:not([aria-busy="true"])').waitFor();
    console.log(
      `      (form ready ${Date.now() - started} ms after the command, tree wait included; see BENCHMARKS.md for first paint)`,
    );
    assert.equal(await field('field-accessTokenTTL').inputValue(), String((await stored()).accessTokenTTL));
  });

  it('"Use https://management.azure.com/" is offered only for an empty or malformed resource', async () => {
    const useDefault = frame().locator('#resource-default');
    assert.equal(await field('field-resource').inputValue(), 'https://vault.azure.net');
    assert.equal(await useDefault.isVisible(), false, 'not offered over Key Vault’s audience');
    await field('field-resource').click();
    await wb().page.keyboard.press('ControlOrMeta+A');
    await wb().page.keyboard.press('Backspace');
    await useDefault.waitFor({ state: 'visible' });
    await wb().page.keyboard.type('vault.azure.net', { delay: 50 });
    assert.equal(await useDefault.isVisible(), true, 'offered for a value that is no URL');
    await retype('field-resource', 'https://graph.microsoft.com');
    await useDefault.waitFor({ state: 'hidden' });
    await frame().locator('#revert').click();
    assert.equal(await field('field-resource').inputValue(), 'https://vault.azure.net');
    await frame().locator('#changes-summary', { hasText: 'No changes' }).waitFor();
  });

  it('TTLs and trusted IPs are saved with one minimal PATCH; Save stays where it was as the summary grows', async () => {
    const before = await saveBox();
    await retype('field-accessTokenTTL', '1800');
    await frame().locator('#ttl-human', { hasText: '30m' }).waitFor();
    await frame().locator('#changes-list li').first().waitFor();
    assert.deepEqual(await saveBox(), before, 'the summary appeared: Save did not move');
    await frame().locator('#add-accessTokenTrustedIps').click();
    const rows = frame().locator('[id^="field-accessTokenTrustedIps-"] input');
    await rows.last().click();
    await wb().page.keyboard.type('10.30.0.0/16', { delay: 50 });
    await frame().locator('#trusted-ips-plan-warning').waitFor({ state: 'visible' });
    await frame()
      .locator('#changes-summary', { hasText: /2 changes/ })
      .waitFor();
    assert.deepEqual(await saveBox(), before, 'a longer summary: Save did not move');
    await wb().screenshot('forms-azure-auth');
    await wb().control('DELETE', 'requests');
    await wb().clearNotifications();
    await save();
    await waitStored((a) => a.accessTokenTTL === 1800);
    // The same notification a JSON document's save shows (save/announce.ts).
    const saved = wb().notification(`Saved identity "${IDENTITY}" Azure Auth to Infisical: `).first();
    await saved.waitFor({ timeout: 20_000 });
    assert.match(await saved.innerText(), /accessTokenTTL/);
    await noDialog();
    const log = /** @type {{ requests: { method: string, body: Record<string, unknown> }[] }} */ (
      await wb().control('GET', 'requests')
    );
    const patches = log.requests.filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 1);
    assert.deepEqual(Object.keys(patches[0]?.body ?? {}).sort(), [
      'accessTokenMaxTTL',
      'accessTokenTTL',
      'accessTokenTrustedIps',
    ]);
    const ips = /** @type {{ ipAddress: string }[]} */ ((await stored()).accessTokenTrustedIps).map(
      (i) => i.ipAddress,
    );
    assert.ok(ips.includes('10.30.0.0'), ips.join(', '));
  });

  it('a 422 from the server lands under its field', async () => {
    await wb().failNextPatchWith422(
      `/api/v1/auth/azure-auth/identities/${identityId}`,
      'resource',
      'Resource is not an allowed audience',
    );
    await retype('field-resource', 'https://graph.microsoft.com');
    await save();
    await frame()
      .locator('[data-issues-for="resource"] .issue', { hasText: 'Resource is not an allowed audience' })
      .waitFor({ timeout: 20_000 });
    assert.equal(await field('field-resource').inputValue(), 'https://graph.microsoft.com');
    await wb().screenshot('forms-422');
  });

  it('a 500 keeps every typed value and says why', async () => {
    await wb().control('POST', 'faults', {
      method: 'PATCH',
      path: `/api/v1/auth/azure-auth/identities/${identityId}`,
      status: 500,
      times: 1,
    });
    await retype('field-accessTokenNumUsesLimit', '5');
    await save();
    await frame().locator('#form-banner.error', { hasText: /500/ }).waitFor({ timeout: 20_000 });
    assert.equal(await field('field-accessTokenNumUsesLimit').inputValue(), '5');
    assert.equal(await field('field-resource').inputValue(), 'https://graph.microsoft.com');
    await wb().screenshot('forms-500');
  });

  it('a change on the server since opening is caught before anything is sent', async () => {
    await wb().control('PATCH', `azure-auth/${identityId}`, { accessTokenNumUsesLimit: 42 });
    await frame().locator('#save').click();
    await wb()
      .page.locator('.monaco-dialog-box', { hasText: 'was changed on the server' })
      .waitFor({ timeout: 20_000 });
    await wb().screenshot('forms-conflict');
    await wb().dialogButton('Cancel').click();
    // The dialog hands focus back to the form when it closes: let that happen before anything
    // else asks for focus (a quick pick opened meanwhile would lose it and close).
    await wb().page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal((await stored()).accessTokenNumUsesLimit, 42);
    assert.equal(await field('field-accessTokenNumUsesLimit').inputValue(), '5');
  });

  it('an OAuth connection offers re-authorization in the web app instead of a code field', async () => {
    // Start from the open form holding focus, as after a click in it: a focus hand-over still on
    // its way from the previous test's dialog must not land while the picker is open.
    await frame().locator('#form-title').click();
    // The workbench hands focus to the webview's frame a moment after a click inside it, and on
    // to the form's own document: once both hold it, no hand-over is left to close the picker
    // (it closed once under load, with focus landing on the webview).
    await wb().page.waitForFunction(
      () => document.activeElement?.matches('iframe.webview.ready') === true,
      undefined,
      {
        timeout: 10_000,
      },
    );
    for (
      const until = Date.now() + 10_000;
      !(await frame()
        .locator('body')
        .evaluate(() => document.hasFocus()));
    ) {
      assert.ok(Date.now() < until, "the form's document never got focus after a click in it");
      await wb().page.waitForTimeout(50);
    }
    await wb().runCommand('Infisical: Edit Connection…');
    await wb().pick(OAUTH);
    const oauthFrame = wb()
      .page.frameLocator('iframe.webview.ready[src*="extensionId=secretsops.infisical-access"]')
      .last()
      .frameLocator('iframe#active-frame');
    await oauthFrame.locator('#form[data-resource="connection"]').waitFor({ timeout: 30_000 });
    await oauthFrame.locator('#reauthorize').waitFor({ state: 'visible' });
    await oauthFrame.locator('#oauth-reason', { hasText: /web app/ }).waitFor();
    assert.equal(await oauthFrame.locator('#field-credentials-code').count(), 0);
    await wb().screenshot('forms-oauth');
  });

  it('the panel opens while the resource loads; closing it then cancels quietly, and it opens again', async () => {
    await wb().runCommand('View: Close All Editors');
    const webviews = wb().page.locator(`iframe.webview[src*="extensionId=secretsops.infisical-access"]`);
    await webviews.first().waitFor({ state: 'detached', timeout: 10_000 });
    await wb().control('POST', 'faults', {
      method: 'GET',
      path: `/api/v1/auth/azure-auth/identities/${identityId}`,
      latencyMs: 6000,
      times: 1,
    });
    const started = Date.now();
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    // The page is up and says it is loading while the server has not answered yet.
    await frame().locator('#app[aria-busy="true"]').waitFor({ timeout: 5_000 });
    assert.ok(Date.now() - started < 6000, 'the panel showed before the slow answer');
    await wb().runCommand('View: Close Editor');
    await webviews.first().waitFor({ state: 'detached', timeout: 10_000 });
    // Past the injected latency: no error toast, no panel reopened.
    await wb().page.waitForTimeout(Math.max(0, 6500 - (Date.now() - started)));
    assert.equal(
      await wb()
        .notification(/Open .*:/)
        .count(),
      0,
      'a closed load is not an error',
    );
    assert.equal(await webviews.count(), 0);
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    assert.equal(await field('field-accessTokenNumUsesLimit').inputValue(), '42');
  });
});
