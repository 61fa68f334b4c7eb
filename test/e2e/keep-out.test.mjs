// @ts-check
// A client secret pasted with Ctrl+V into a connection's JSON document and into a workspace file
// (issue 21), with code-server's defaults: the document stays unsaved past VS Code's backup
// delay, the workspace file is auto-saved (and so kept by Local History). Ten seconds later the
// canary is in no file under the user data (Backups, History), the workspace or code-server's
// state, nor in the browser's profile or storage. What the text shows instead: the marker
// comment (held in memory) and `{ "env": NAME }` (kept in SecretStorage).
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { files, shownText, useWorkbench } from './harness.mjs';

const CONNECTION = 'prod-entra-graph';
const MARKER = 'clientSecret: new client secret held in memory';
const FILE = 'paste-guard.infisical-azure.json';
const REFERENCE = 'PASTE_GUARD_CLIENT_SECRET';

describe('A secret pasted into a document or a workspace file never reaches the disk', () => {
  const wb = useWorkbench('keep-out', { demoProfile: true });
  const page = () => wb().page;
  const pasted = `canary${randomBytes(10).toString('hex')}`;
  const pastedInFile = `canary${randomBytes(10).toString('hex')}`;
  let profileDir = '';

  /** A person's typing: key by key, 30–120 ms apart. */
  async function type(/** @type {string} */ text) {
    for (const ch of text) {
      await page().keyboard.type(ch);
      await page().waitForTimeout(30 + Math.floor(Math.random() * 90));
    }
  }

  /** What another application put on the clipboard. */
  async function copied(/** @type {string} */ text) {
    await page().context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page().evaluate((t) => navigator.clipboard.writeText(t), text);
  }

  /** Ctrl+F, the text typed, Enter, Escape: the first match selected; → puts the cursor after it. */
  async function cursorAfter(/** @type {string} */ text) {
    await page().keyboard.press('Control+F');
    await page().locator('.find-widget.visible').waitFor({ timeout: 10_000 });
    await page().keyboard.press('Control+A');
    await type(text);
    await page().keyboard.press('Enter');
    await page().waitForTimeout(300);
    // Escape closes the find widget (a toast on screen would take the first one).
    for (let tries = 0; (await page().locator('.find-widget.visible').count()) > 0; tries++) {
      assert.ok(tries < 5, 'the find widget closes');
      await page().keyboard.press('Escape');
      await page().waitForTimeout(300);
    }
    await page().keyboard.press('ArrowRight');
  }

  /**
   * VS Code shows its paste-options button only after a paste applied a provider's edit, not the
   * plain text: the extension's rewrite, in which the value never entered the text.
   */
  async function pastedThroughProvider() {
    await page().locator('.post-edit-widget').first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** The active editor's shown text, once it matches. */
  async function shows(/** @type {RegExp} */ pattern) {
    const editor = page()
      .locator('.editor-instance')
      .filter({ has: page().locator('.view-lines') })
      .first();
    const until = Date.now() + 20_000;
    for (;;) {
      const text = await shownText(editor);
      if (pattern.test(text)) return text;
      if (Date.now() > until) assert.fail(`the editor never showed ${pattern}:\n${text}`);
      await page().waitForTimeout(200);
    }
  }

  it('the browser profile is known (for the scans below)', async () => {
    const other = await page().context().browser()?.newPage();
    assert.ok(other);
    await other.goto('chrome://version');
    profileDir = (await other.locator('#profile_path').textContent())?.trim() ?? '';
    await other.close();
    assert.ok(profileDir.startsWith('/'), `profile path: ${profileDir}`);
  });

  it(`Ctrl+V of a client secret into "${CONNECTION}"'s JSON document: the marker comment lands, never the value`, async function () {
    this.timeout(90_000);
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    await wb()
      .view('App Connections')
      .getByRole('treeitem', { name: new RegExp(CONNECTION) })
      .waitFor({ timeout: 30_000 });
    await page().keyboard.press('F1');
    await page().locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type('Infisical: Edit Connection as JSON');
    await page()
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Edit Connection as JSON' })
      .first()
      .click();
    await page().locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type(CONNECTION);
    await wb().pick(CONNECTION);
    await page()
      .locator('.tab.active', { hasText: `${CONNECTION}.jsonc` })
      .waitFor({ timeout: 20_000 });
    await page().locator('.monaco-editor .view-lines').first().click();
    await cursorAfter('"credentials": {');
    await page().keyboard.press('Enter');
    await copied(`"clientSecret": "${pasted}",`);
    await page().keyboard.press('Control+V');
    await pastedThroughProvider();
    const text = await shows(new RegExp(MARKER));
    assert.ok(!text.includes(pasted), 'the editor does not show the value');
    await wb()
      .notification(/left the text/)
      .first()
      .waitFor({ timeout: 15_000 });
    await wb().screenshot('keep-out-document');
  });

  it('Ctrl+V of a client secret into a workspace file: { "env": NAME } lands, auto-save writes only that', async function () {
    this.timeout(90_000);
    await wb().clearNotifications();
    const workspace = join(wb().server.tempDir, 'workspace');
    await mkdir(workspace, { recursive: true });
    const file = {
      site: wb().sandbox.url,
      organization: { id: 'org' },
      connections: [{ name: 'paste-guard', credentials: {} }],
    };
    await writeFile(join(workspace, FILE), `${JSON.stringify(file, null, 2)}\n`);
    await page().keyboard.press('Control+P');
    await page().locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type(FILE);
    await page()
      .locator('.quick-input-widget .monaco-list-row', { hasText: FILE })
      .first()
      .waitFor({ timeout: 15_000 });
    await page().keyboard.press('Enter');
    await page().locator('.tab.active', { hasText: FILE }).waitFor({ timeout: 15_000 });
    await page().locator('.monaco-editor .view-line', { hasText: '"paste-guard"' }).first().click();
    await cursorAfter('"credentials": {');
    await copied(` "clientSecret": "${pastedInFile}" `);
    await page().keyboard.press('Control+V');
    await pastedThroughProvider();
    const text = await shows(new RegExp(`"clientSecret": \\{ "env": "${REFERENCE}" \\}`));
    assert.ok(!text.includes(pastedInFile), 'the editor does not show the value');
    // code-server saves after a second by default: the file on disk, then Local History.
    const until = Date.now() + 15_000;
    while (!(await readFile(join(workspace, FILE), 'utf8')).includes(REFERENCE)) {
      assert.ok(Date.now() < until, 'auto-save wrote the reference');
      await page().waitForTimeout(250);
    }
    await wb().screenshot('keep-out-file');
  });

  it('10 s later: no canary in the user data (Backups, Local History), the workspace, the browser profile or its storage', async function () {
    this.timeout(90_000);
    await page().waitForTimeout(10_000);
    const user = join(wb().server.userDataDir, 'User');
    const holding = async (/** @type {string} */ dir, /** @type {string} */ needle) => {
      for await (const [, text] of files(dir)) if (text.includes(needle)) return true;
      return false;
    };
    // What the scan must be able to see: the document backed up, the file's saved version in Local History.
    assert.ok(
      await holding(join(user, 'Backups'), MARKER),
      'VS Code backed the document up (with the marker)',
    );
    assert.ok(
      await holding(join(user, 'History'), REFERENCE),
      'Local History keeps the saved file (with the reference)',
    );
    let scanned = 0;
    for (const dir of [wb().server.tempDir, profileDir]) {
      for await (const [path, text] of files(dir)) {
        scanned += 1;
        for (const c of [pasted, pastedInFile]) assert.ok(!text.includes(c), `${path} holds a canary`);
      }
    }
    assert.ok(scanned > 20, `scanned ${scanned} files`);
    const storage = JSON.stringify(await page().context().storageState({ indexedDB: true }));
    const session = await page().evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    for (const c of [pasted, pastedInFile]) {
      assert.ok(!storage.includes(c), "the browser's cookies, localStorage or IndexedDB hold a canary");
      assert.ok(!session.includes(c), "the browser's sessionStorage holds a canary");
    }
  });
});
