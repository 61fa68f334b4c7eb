// @ts-check
// New credentials of a connection edited as JSON: "Replace credentials…" asks in a password box
// and holds the value in memory. Typed through the real UI, left unsaved past VS Code's backup
// delay, after a refused save and after a window reload, the secret is nowhere on disk (user
// data with its Backups, code-server's state, the browser profile) nor in the browser's storage;
// an explicit save sends it.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { assertNowhere as assertNowhereIn, browserProfileDir, files, useWorkbench } from './harness.mjs';

const CLIENT_SECRET_CONNECTION = 'rotation-paused';
const MARKER = 'held in memory (not in this text)';

/** @typedef {{ id: string, name: string, orgId: string, app: string, method: string, credentials: Record<string, string> }} Connection */

describe('Replace credentials of a connection edited as JSON', () => {
  const wb = useWorkbench('credentials', { demoProfile: true, settings: { 'files.autoSave': 'off' } });
  const secret = `canary${randomBytes(10).toString('hex')}`;
  const keyBody = `canarykey${randomBytes(12).toString('hex')}`;
  /** @type {string} */
  let profileDir = '';

  /** A person's typing: key by key, 30–120 ms apart. */
  async function type(/** @type {string} */ text) {
    for (const ch of text) {
      await wb().page.keyboard.type(ch);
      await wb().page.waitForTimeout(30 + Math.floor(Math.random() * 90));
    }
  }

  /** F1, the command typed, Enter on its row. */
  async function command(/** @type {string} */ label) {
    await wb().page.keyboard.press('F1');
    await wb().page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type(label);
    await wb().page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().click();
  }

  const connections = async () =>
    /** @type {{ connections: Connection[] }} */ (await wb().control('GET', 'state')).connections;

  /** Opens a connection's JSON document from the palette. */
  async function openJson(/** @type {string} */ name) {
    await command('Infisical: Edit Connection as JSON');
    await wb().page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type(name);
    await wb().pick(name);
    await wb()
      .page.locator('.tab', { hasText: `${name}.jsonc` })
      .waitFor({ timeout: 20_000 });
  }

  const lens = (/** @type {string | RegExp} */ text) =>
    wb().page.locator('.monaco-editor .codelens-decoration a', { hasText: text }).first();

  /** Answers the next input box of "Replace credentials…" key by key. */
  async function answer(/** @type {RegExp} */ title, /** @type {string} */ text, password = true) {
    const widget = wb().page.locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: title })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const input = widget.locator('.quick-input-box input');
    assert.equal(await input.getAttribute('type'), password ? 'password' : 'text');
    await type(text);
    await wb().page.keyboard.press('Enter');
  }

  /** Where a canary could have been written: every file, the browser's storage. */
  const assertNowhere = (/** @type {string} */ when, /** @type {string[]} */ canaries) =>
    assertNowhereIn(wb(), profileDir, when, canaries);

  /** Waits until VS Code has backed the dirty document up (the backup holds the marker comment). */
  async function backedUp() {
    const backups = join(wb().server.userDataDir, 'User', 'Backups');
    const until = Date.now() + 30_000;
    for (;;) {
      for await (const [, text] of files(backups)) if (text.includes(MARKER)) return;
      if (Date.now() > until) throw new Error('VS Code did not back the dirty document up within 30 s');
      await wb().page.waitForTimeout(250);
    }
  }

  async function saveAndConfirm() {
    await wb().page.keyboard.press('ControlOrMeta+S');
    await wb().dialogButton('Save').click({ timeout: 20_000 });
  }

  it('the browser profile is known (for the scans below)', async () => {
    profileDir = await browserProfileDir(wb());
  });

  it('"Replace credentials…" above "credentials" asks in a password box; the document only says it is held', async () => {
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    await wb()
      .view('App Connections')
      .getByRole('treeitem', { name: new RegExp(CLIENT_SECRET_CONNECTION) })
      .waitFor({ timeout: 30_000 });
    await openJson(CLIENT_SECRET_CONNECTION);
    await lens('Replace credentials').click({ timeout: 20_000 });
    await answer(/Replace credentials of "rotation-paused"/, secret);
    await lens(/client secret: new value held in memory — sent on save/).waitFor({ timeout: 10_000 });
    await wb()
      .page.locator('.editor-instance', { hasText: 'clientSecret: new client secret held in memory' })
      .first()
      .waitFor();
    await wb().screenshot('credentials-held');
  });

  it('unsaved past the backup delay: the secret is in no file and no browser storage', async () => {
    const typedAt = Date.now();
    await backedUp();
    // Well past the backup delay (1 s) in any case.
    await wb().page.waitForTimeout(Math.max(0, 5_000 - (Date.now() - typedAt)));
    await assertNowhere('unsaved', [secret]);
  });

  it('a refused save keeps the document dirty and the secret in memory only', async () => {
    const target = (await connections()).find((c) => c.name === CLIENT_SECRET_CONNECTION);
    assert.ok(target);
    await wb().control('POST', 'faults', {
      method: 'PATCH',
      path: `/api/v1/app-connections/azure-client-secrets/${target.id}`,
      status: 500,
      times: 1,
    });
    await saveAndConfirm();
    await wb()
      .errorToasts()
      .filter({ hasText: /Not saved/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await wb().screenshot('credentials-refused');
    await lens(/held in memory/).waitFor();
    await wb().page.waitForTimeout(2_000); // a backup after the failed save has had its chance
    await assertNowhere('after a refused save', [secret]);
    await wb().clearNotifications();
  });

  it('after a window reload the value is gone, said on the restored marker; still on no disk', async () => {
    await command('Developer: Reload Window');
    await wb().page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await wb().waitForExtension();
    await wb()
      .page.locator('.tab', { hasText: `${CLIENT_SECRET_CONNECTION}.jsonc` })
      .waitFor({ timeout: 30_000 });
    await lens('Replace credentials').waitFor({ timeout: 30_000 });
    // The restored marker comment is flagged: its value was not restored with it.
    await wb().page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 15_000 });
    await wb().screenshot('credentials-after-reload');
    await assertNowhere('after a reload', [secret]);
  });

  it('an explicit save sends the typed secret in the PATCH, and the document is clean', async () => {
    const target = (await connections()).find((c) => c.name === CLIENT_SECRET_CONNECTION);
    assert.ok(target);
    await lens('Replace credentials').click();
    await answer(/Replace credentials of "rotation-paused"/, secret);
    await lens(/held in memory/).waitFor();
    await saveAndConfirm();
    const patch = await wb().request(
      'PATCH',
      `/api/v1/app-connections/azure-client-secrets/${target.id}`,
      (r) => r.status === 200,
      30_000,
    );
    const sent = /** @type {{ credentials?: Record<string, string> }} */ (
      /** @type {{ body?: unknown }} */ (patch).body
    );
    assert.ok(
      sent?.credentials?.clientSecret === secret,
      'the PATCH carried the secret typed in the password box',
    );
    await lens('Replace credentials').waitFor({ timeout: 15_000 });
    await wb()
      .page.locator('.tab.dirty', { hasText: `${CLIENT_SECRET_CONNECTION}.jsonc` })
      .waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('a certificate connection: certificate and private key the same way, never on disk', async () => {
    const cert = (await connections()).find(
      (c) => c.method === 'certificate' && /^[a-z-]+$/.test(c.name) && c.app === 'azure-client-secrets',
    );
    assert.ok(cert);
    await openJson(cert.name);
    await lens('Replace credentials').click({ timeout: 20_000 });
    await answer(/\(1\/2\)/, '-----BEGIN CERTIFICATE-----QUJDRA==-----END CERTIFICATE-----', false);
    await answer(/\(2\/2\)/, `-----BEGIN PRIVATE KEY-----${keyBody}-----END PRIVATE KEY-----`);
    await lens(/certificate, private key: new value held in memory/).waitFor();
    await backedUp();
    await assertNowhere('certificate unsaved', [keyBody, secret]);
    await saveAndConfirm();
    const patch = await wb().request(
      'PATCH',
      `/api/v1/app-connections/azure-client-secrets/${cert.id}`,
      (r) => r.status === 200,
      30_000,
    );
    const sent = /** @type {{ credentials?: Record<string, string> }} */ (
      /** @type {{ body?: unknown }} */ (patch).body
    );
    assert.ok(
      sent?.credentials?.privateKey?.replace(/\s+/g, '').includes(keyBody),
      'the PATCH carried the private key',
    );
    await assertNowhere('certificate saved', [keyBody, secret]);
  });
});
