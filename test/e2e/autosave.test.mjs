// @ts-check
// Auto-save never sends a PATCH. code-server auto-saves after 1 s by default (the harness leaves
// that setting alone): a workspace file still auto-saves, an `infisical:` document and the Azure
// Auth form send nothing while the user pauses, and only Ctrl+S (or the form's Save) sends.
import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useWorkbench } from './harness.mjs';

const IDENTITY = 'aks-prod-workload';
/** code-server's default `files.autoSaveDelay` is 1 s: a pause three times as long. */
const PAUSE_MS = 3_000;

/** @typedef {{ method: string, path: string, body?: Record<string, unknown> }} Request */
/** @typedef {{ identities: { id: string, name: string }[], azureAuths: Record<string, unknown>[] }} State */

describe('Auto-save never sends', () => {
  const wb = useWorkbench('autosave', { demoProfile: true });
  /** @type {string} */
  let identityId;

  const editor = () => wb().page.locator('.editor-instance .monaco-editor').first();
  const tab = (/** @type {string} */ name) => wb().page.locator('.tab', { hasText: name });
  const frame = () => wb().webview();
  const stored = async () =>
    /** @type {State} */ (await wb().control('GET', 'state')).azureAuths.find(
      (a) => a.identityId === identityId,
    ) ?? {};
  const logged = async () =>
    /** @type {{ requests: Request[] }} */ (await wb().control('GET', 'requests')).requests;
  /** What reached the server about this identity's Azure Auth, and every write anywhere. */
  const sentAboutIt = async () =>
    (await logged()).filter(
      (r) => r.path === `/api/v1/auth/azure-auth/identities/${identityId}` || r.method !== 'GET',
    );

  /** Types text key by key, at a person's pace (30–120 ms between keys). */
  async function typeSlowly(/** @type {string} */ text) {
    for (const key of text) {
      await wb().page.keyboard.type(key);
      await wb().page.waitForTimeout(30 + Math.round(Math.random() * 90));
    }
  }

  /** Earlier toasts (the demo's "Signed in…") may still show: only what comes after counts. */
  async function clearNotifications() {
    await wb().runCommand('Notifications: Clear All Notifications');
    await wb()
      .page.locator('.notifications-toasts .notification-list-item')
      .first()
      .waitFor({ state: 'detached' });
  }

  /** Nothing on screen asks or tells anything: no dialog, no toast, no "Saving…" in the status bar. */
  async function assertNothingShown(/** @type {string} */ what) {
    assert.equal(await wb().page.locator('.monaco-dialog-box').count(), 0, `${what}: no dialog`);
    assert.deepEqual(
      await wb().page.locator('.notifications-toasts .notification-list-item').allTextContents(),
      [],
      `${what}: no notification`,
    );
    assert.equal(
      await wb()
        .page.locator('.statusbar-item', { hasText: /Saving/ })
        .count(),
      0,
      `${what}: no saving progress`,
    );
  }

  async function waitStored(/** @type {(a: Record<string, unknown>) => boolean} */ done) {
    const until = Date.now() + 20_000;
    while (!done(await stored())) {
      if (Date.now() > until)
        assert.fail(`the server state never changed: ${JSON.stringify(await stored())}`);
      await wb().page.waitForTimeout(100);
    }
  }

  it('a workspace file still auto-saves (code-server’s default, untouched)', async () => {
    const file = join(wb().server.tempDir, 'workspace', 'notes.txt');
    await writeFile(file, 'notes\n');
    await wb().waitForExtension();
    await wb().page.keyboard.press('ControlOrMeta+P');
    await typeSlowly('notes.txt');
    await wb().page.locator('.quick-input-widget .monaco-list-row', { hasText: 'notes.txt' }).first().click();
    await tab('notes.txt').waitFor();
    await editor().click();
    await wb().page.keyboard.press('ControlOrMeta+End');
    await typeSlowly('auto-saved');
    const until = Date.now() + 10_000;
    while (!(await readFile(file, 'utf8')).includes('auto-saved')) {
      if (Date.now() > until) assert.fail('the workspace file was not auto-saved');
      await wb().page.waitForTimeout(100);
    }
    await wb().page.locator('.tab.dirty', { hasText: 'notes.txt' }).waitFor({ state: 'detached' });
  });

  it('typing a digit in the JSON document and pausing sends nothing; the tab stays dirty', async () => {
    identityId = /** @type {string} */ (
      /** @type {State} */ (await wb().control('GET', 'state')).identities.find((i) => i.name === IDENTITY)
        ?.id
    );
    assert.ok(identityId);
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth as JSON', IDENTITY);
    await tab('azure-auth.jsonc').waitFor({ timeout: 20_000 });
    await editor().getByText('"accessTokenTTL"').first().waitFor({ timeout: 20_000 });
    await wb().page.locator('.statusbar-item', { hasText: 'Infisical JSON' }).first().waitFor();
    await clearNotifications();
    await wb().control('DELETE', 'requests');
    // Into the TTL (3600) before its comma, one more digit: 36001, valid and under the Max TTL.
    await editor().getByText('"accessTokenTTL"').first().click();
    await wb().page.keyboard.press('End');
    await wb().page.keyboard.press('ArrowLeft');
    await typeSlowly('1');
    await wb().page.waitForTimeout(PAUSE_MS);
    await assertNothingShown('after the pause');
    assert.deepEqual(await sentAboutIt(), [], 'no request about it');
    await wb().page.locator('.tab.dirty', { hasText: 'azure-auth.jsonc' }).waitFor({ timeout: 1_000 });
    await editor().getByText('36001').first().waitFor();
    await wb().screenshot('autosave-json-dirty');
  });

  it('Ctrl+S then sends exactly one PATCH', async () => {
    await wb().page.keyboard.press('ControlOrMeta+S');
    await wb().dialogButton('Save').click({ timeout: 15_000 });
    await waitStored((a) => a.accessTokenTTL === 36001);
    await wb().page.locator('.tab.dirty', { hasText: 'azure-auth.jsonc' }).waitFor({ state: 'detached' });
    const patches = (await logged()).filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      patches.map((r) => r.body),
      [{ accessTokenTTL: 36001, accessTokenMaxTTL: 86400 }],
    );
  });

  it('typing in the Azure Auth form and pausing sends nothing; its Save sends one PATCH', async () => {
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    await frame().locator('#app:not([aria-busy="true"])').waitFor();
    await clearNotifications();
    await wb().control('DELETE', 'requests');
    await frame().locator('#field-accessTokenNumUsesLimit input').first().click();
    await wb().page.keyboard.press('ControlOrMeta+A');
    await typeSlowly('12');
    await frame()
      .locator('#changes-summary', { hasText: /1 change/ })
      .waitFor();
    await wb().page.waitForTimeout(PAUSE_MS);
    await assertNothingShown('after the pause in the form');
    assert.deepEqual(await sentAboutIt(), [], 'no request about it');
    await wb().screenshot('autosave-form-pending');
    await frame().locator('#save').click();
    await waitStored((a) => a.accessTokenNumUsesLimit === 12);
    const patches = (await logged()).filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      patches.map((r) => r.body),
      [{ accessTokenNumUsesLimit: 12 }],
    );
  });
});
