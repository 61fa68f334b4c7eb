// @ts-check
// Developer: Reload Window (or an extension update) with forms open and unsaved: both come
// back with their typed values, write-only values named as to type again, and no secret in
// what VS Code keeps (the browser's storage, code-server's files).
import * as assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useWorkbench } from './harness.mjs';

const IDENTITY = 'aks-prod-workload';
const CONNECTION = 'prod-entra-graph';
const SECRET = 'r3load~client.secret';

/** @typedef {import('playwright-core').Page} Page */

/** Clicks a field, selects its text with Ctrl+A and types `text` key by key at a person's pace. */
async function retype(
  /** @type {Page} */ page,
  /** @type {import('playwright-core').Locator} */ input,
  /** @type {string} */ text,
) {
  await input.click();
  await page.keyboard.press('Control+A');
  for (const key of text) {
    await page.waitForTimeout(30 + ((key.charCodeAt(0) * 37) % 91));
    await page.keyboard.type(key);
  }
}

/** Everything the workbench page keeps in IndexedDB and localStorage, as one text. */
async function browserStorage(/** @type {Page} */ page) {
  return page.evaluate(async () => {
    /** @type {string[]} */
    const out = [JSON.stringify({ ...localStorage })];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open(/** @type {string} */ (info.name));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const idb = /** @type {IDBDatabase} */ (db);
      for (const store of Array.from(idb.objectStoreNames)) {
        const rows = await new Promise((resolve, reject) => {
          const req = idb.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        out.push(
          JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)),
        );
      }
      idb.close();
    }
    return out.join('\n');
  });
}

/** Paths of the files under `dir` whose bytes contain `needle`. */
async function filesContaining(/** @type {string} */ dir, /** @type {string} */ needle) {
  /** @type {string[]} */
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes?.includes(needle)) found.push(path);
  }
  return found;
}

describe('Forms after a window reload', () => {
  const wb = useWorkbench('form-restore', { demoProfile: true });
  const frame = () =>
    wb()
      .page.frameLocator(`iframe.webview.ready[src*="extensionId=secretsops.infisical-access"]`)
      .last()
      .frameLocator('iframe#active-frame');
  const field = (/** @type {string} */ id) => frame().locator(`#${id}`).locator('input, textarea').first();

  it('come back with their unsaved values; write-only values are named, never kept', async () => {
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    await retype(wb().page, field('field-accessTokenTTL'), '2h30m');
    await frame()
      .locator('#changes-summary', { hasText: /1 change/ })
      .waitFor();

    await wb().runCommand('Infisical: Edit Connection…');
    await wb().pick(CONNECTION);
    await frame().locator('#form[data-resource="connection"]').waitFor({ timeout: 30_000 });
    await retype(wb().page, field('field-name'), 'prod-graph-restored');
    await retype(wb().page, field('field-credentials-clientSecret'), SECRET);
    await frame()
      .locator('#changes-list li', { hasText: /^name: .*prod-graph-restored/ })
      .waitFor();

    await wb().runCommand('Developer: Reload Window');
    await wb().page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await frame().locator('#form[data-resource="connection"]').waitFor({ timeout: 60_000 });
    assert.equal(await field('field-name').inputValue(), 'prod-graph-restored');
    assert.equal(await field('field-credentials-clientSecret').inputValue(), '');
    await frame()
      .locator('#form-banner', { hasText: /Write-only values \(clientSecret\).*enter them again/ })
      .waitFor();
    assert.deepEqual(
      (await frame().locator('#changes-list li').allTextContents()).map((t) => t.trim()),
      ['name: "prod-entra-graph" → "prod-graph-restored"'],
    );
    await wb().screenshot('form-restore-connection');

    await wb()
      .page.locator('.tabs-container .tab', { hasText: `Azure Auth: ${IDENTITY}` })
      .click();
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    assert.equal(await field('field-accessTokenTTL').inputValue(), '2h30m');
    await frame()
      .locator('#changes-list li', { hasText: 'accessTokenTTL: 3600 (1h) → 9000 (2h 30m)' })
      .waitFor();

    const kept = await browserStorage(wb().page);
    assert.ok(
      kept.includes('prod-graph-restored'),
      'the typed name is in the webview state (the check sees it)',
    );
    assert.ok(!kept.includes(SECRET), 'the client secret is not in the browser’s storage');
    assert.deepEqual(await filesContaining(wb().server.tempDir, SECRET), [], 'nor in code-server’s files');
  });
});
