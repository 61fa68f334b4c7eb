// @ts-check
// Editing an identity's Azure Auth as JSON: completion from the schema, a real save that
// changes the server, a 422 on the right field, a conflict, and a failed save that keeps the text.
import * as assert from 'node:assert/strict';
import { useWorkbench } from './harness.mjs';

const IDENTITY = 'aks-prod-workload';

/** @typedef {{ identities: { id: string, name: string }[], azureAuths: Record<string, unknown>[] }} State */

describe('Edit Azure Auth as JSON', () => {
  const wb = useWorkbench('json-editor', { demoProfile: true });
  /** @type {string} */
  let identityId;

  const state = async () => /** @type {State} */ (await wb().control('GET', 'state'));
  const stored = async () => (await state()).azureAuths.find((a) => a.identityId === identityId) ?? {};
  const editor = () => wb().page.locator('.editor-instance .monaco-editor').first();

  /** Replaces the whole document text, as a paste would (no auto-closing brackets). */
  async function setText(/** @type {string} */ text) {
    await editor().click();
    await wb().page.keyboard.press('ControlOrMeta+A');
    await wb().page.keyboard.insertText(text);
  }

  /** The document body with some fields replaced, keeping the header comments. */
  async function body(/** @type {Record<string, unknown>} */ changes, /** @type {string[]} */ drop = []) {
    const a = await stored();
    const doc = {
      tenantId: a.tenantId,
      resource: a.resource,
      allowedServicePrincipalIds: a.allowedServicePrincipalIds,
      accessTokenTrustedIps: /** @type {{ ipAddress: string, prefix?: number }[]} */ (
        a.accessTokenTrustedIps
      ).map((ip) => ({
        ipAddress:
          ip.prefix === undefined || ip.prefix === null ? ip.ipAddress : `${ip.ipAddress}/${ip.prefix}`,
      })),
      accessTokenTTL: a.accessTokenTTL,
      accessTokenMaxTTL: a.accessTokenMaxTTL,
      accessTokenNumUsesLimit: a.accessTokenNumUsesLimit,
      ...changes,
    };
    for (const k of drop) delete (/** @type {Record<string, unknown>} */ (doc)[k]);
    return `// Ctrl+S sends a PATCH to Infisical with only the fields you changed.\n${JSON.stringify(doc, null, 2)}\n`;
  }

  async function save() {
    await wb().page.keyboard.press('ControlOrMeta+S');
    await wb()
      .dialogButton('Save')
      .click({ timeout: 15_000 })
      .catch(async (e) => {
        await wb().screenshot('json-editor-no-confirmation');
        throw e;
      });
  }

  it('"Edit Azure Auth as JSON" opens the document from the palette', async () => {
    identityId = /** @type {string} */ ((await state()).identities.find((i) => i.name === IDENTITY)?.id);
    assert.ok(identityId);
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth as JSON', IDENTITY);
    await wb().page.locator('.tab', { hasText: 'azure-auth.jsonc' }).waitFor({ timeout: 20_000 });
    await editor().getByText('Ctrl+S sends a PATCH').first().waitFor();
  });

  it('completion offers accessTokenTrustedIps from the JSON Schema', async () => {
    const text = (await body({}, ['accessTokenTrustedIps'])).replace('"tenantId"', '"acc\n  ,"tenantId"');
    await setText(text);
    // The cursor sits after "acc: ask for suggestions there.
    await editor().getByText('"acc').first().click();
    await wb().page.keyboard.press('End');
    await wb().page.keyboard.press('Control+Space');
    const item = wb().page.locator('.suggest-widget .monaco-list-row', { hasText: 'accessTokenTrustedIps' });
    await item.first().waitFor({ state: 'visible', timeout: 20_000 });
    await wb().screenshot('json-editor-completion');
    await wb().page.keyboard.press('Escape');
  });

  it('Ctrl+S sends the change to the server after confirmation', async () => {
    await setText(
      await body({
        accessTokenTTL: 3600,
        accessTokenMaxTTL: 7200,
        accessTokenTrustedIps: [{ ipAddress: '10.20.0.0/16' }],
      }),
    );
    await wb().clearNotifications();
    await save();
    const started = Date.now();
    while ((await stored()).accessTokenMaxTTL !== 7200 && Date.now() - started < 20_000) {
      await wb().page.waitForTimeout(100);
    }
    console.log(`      (the PATCH landed ${Date.now() - started} ms after the confirmation)`);
    const a = await stored();
    assert.equal(a.accessTokenTTL, 3600);
    assert.equal(a.accessTokenMaxTTL, 7200);
    assert.deepEqual(
      /** @type {{ ipAddress: string }[]} */ (a.accessTokenTrustedIps).map((i) => i.ipAddress),
      ['10.20.0.0'],
    );
    // The notification a form's save shows too (save/announce.ts), not only a status-bar flash.
    const saved = wb().notification(`Saved identity "${IDENTITY}" Azure Auth to Infisical: `).first();
    await saved.waitFor({ timeout: 10_000 });
    assert.match(await saved.innerText(), /accessTokenTrustedIps/);
    await wb().screenshot('json-editor-saved');
  });

  it('a 422 from the server lands on the field it names', async () => {
    await wb().failNextPatchWith422(
      `/api/v1/auth/azure-auth/identities/${identityId}`,
      'resource',
      'Resource is not an allowed audience',
    );
    await setText(await body({ resource: 'https://graph.microsoft.com' }));
    await save();
    await wb()
      .notification(/Infisical rejected resource: Resource is not an allowed audience/)
      .first()
      .waitFor({ timeout: 20_000 });
    await editor().locator('.squiggly-error').first().waitFor({ timeout: 10_000 });
    await wb().page.locator('.tab.dirty', { hasText: 'azure-auth.jsonc' }).waitFor();
    await wb().screenshot('json-editor-422');
  });

  it('a change on the server since opening is caught, and Compare shows both', async () => {
    await wb().page.keyboard.press('Escape');
    await wb().runCommand('File: Revert File');
    await wb().page.locator('.tab.dirty', { hasText: 'azure-auth.jsonc' }).waitFor({ state: 'detached' });
    await wb().control('PATCH', `azure-auth/${identityId}`, { accessTokenNumUsesLimit: 42 });
    await setText(await body({ accessTokenNumUsesLimit: 7 }));
    await wb().page.keyboard.press('ControlOrMeta+S');
    await wb()
      .page.locator('.monaco-dialog-box', { hasText: 'was changed on the server' })
      .waitFor({ timeout: 20_000 });
    await wb().dialogButton('Compare with Server').click();
    await wb().page.locator('.monaco-diff-editor').first().waitFor({ timeout: 20_000 });
    await wb().screenshot('json-editor-conflict');
    assert.equal((await stored()).accessTokenNumUsesLimit, 42, 'nothing was overwritten');
  });

  it('a 500 leaves the document dirty with the typed text', async () => {
    await wb().runCommand('View: Close Editor'); // the diff
    await wb().page.locator('.monaco-diff-editor').first().waitFor({ state: 'detached' });
    await wb().runCommand('File: Revert File');
    await wb().control('POST', 'faults', {
      method: 'PATCH',
      path: `/api/v1/auth/azure-auth/identities/${identityId}`,
      status: 500,
      times: 1,
    });
    await setText(await body({ accessTokenNumUsesLimit: 9 }));
    await save();
    await wb()
      .notification(/server error \(500\)/)
      .first()
      .waitFor({ timeout: 20_000 });
    await wb().page.locator('.tab.dirty', { hasText: 'azure-auth.jsonc' }).waitFor();
    await editor().getByText('"accessTokenNumUsesLimit": 9').first().waitFor();
    assert.equal((await stored()).accessTokenNumUsesLimit, 42);
    await wb().screenshot('json-editor-500');
  });
});
