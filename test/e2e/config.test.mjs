// @ts-check
// Configuration as code, as a new user does it with code-server's defaults (auto-save on):
// export two identities and two connections from the views into workspace files, edit one with
// completion and a typo, plan from the CodeLens, look at a diff, apply, plan again; then an apply
// whose extension host is killed while a PATCH is in flight, and the plan after it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { files, ROOT, shownText, useWorkbench } from './harness.mjs';
import * as keys from './keys.mjs';

const IDENTITIES = ['aks-prod-workload', 'functions-billing'];
const CONNECTIONS = ['prod-entra-graph', 'staging-entra-graph'];
const IDENTITY_FILE = 'infra/demo.infisical-azure.json';
const CONNECTION_FILE = 'infra/connections.infisical-azure.json';

/**
 * @typedef {{ id: string, name: string, projectId: string | null, description: string | null, credentials: Record<string, unknown> }} Connection
 * @typedef {{ identityId: string, accessTokenTTL: number, accessTokenMaxTTL: number, accessTokenNumUsesLimit: number }} AzureAuth
 * @typedef {{ identities: { id: string, name: string }[], azureAuths: AzureAuth[], connections: Connection[] }} State
 * @typedef {{ method: string, path: string, status: number, aborted?: boolean, body?: unknown }} Logged
 */

/**
 * A screenshot for README, taken with the side bar closed so the file and the plan get the width.
 * Copied into docs/screenshots/ only with INFISICAL_UPDATE_SCREENSHOTS=1: a test run leaves the
 * committed pictures alone.
 * @param {() => import('./harness.mjs').Workbench} wb
 * @param {string} name
 */
async function docsShot(wb, name) {
  const page = wb().page;
  await page.keyboard.press('Control+B');
  await page.waitForTimeout(600);
  const shot = await wb().screenshot(name);
  await page.keyboard.press('Control+B');
  await page.waitForTimeout(300);
  if (process.env.INFISICAL_UPDATE_SCREENSHOTS === '1')
    await copyFile(shot, join(ROOT, 'docs', 'screenshots', `${name}.png`));
}

describe('Configuration as code', () => {
  // A secret typed into the file stays in the text here (infisical.secrets.keepOutOfText off), so
  // that its diagnostic and quick fix are walked; keep-out.test.mjs walks the setting on.
  const wb = useWorkbench('config', {
    demoProfile: true,
    settings: { 'infisical.secrets.keepOutOfText': false },
  });
  const docsScreenshot = (/** @type {string} */ name) => docsShot(wb, name);
  const page = () => wb().page;
  const workspace = () => join(wb().server.tempDir, 'workspace');
  const pause = (/** @type {number} */ ms) => page().waitForTimeout(ms);

  // A person at the editor's keyboard (test/e2e/keys.mjs), on this scenario's page.
  const type = (/** @type {string} */ text) => keys.type(page(), text);
  const goToLine = (/** @type {number} */ line) => keys.goToLine(page(), line);
  const { retype, topLens } = keys;

  const state = async () => /** @type {State} */ (await wb().control('GET', 'state'));
  const requests = async () =>
    /** @type {{ requests: Logged[] }} */ (await wb().control('GET', 'requests')).requests;
  const writes = async () => (await requests()).filter((r) => r.method !== 'GET');

  /** The editor showing a document whose URI ends with `suffix` (or starts with a scheme). */
  const editorOf = (/** @type {string} */ selector) => page().locator(`.monaco-editor${selector}`).first();
  const fileEditor = (/** @type {string} */ file) => editorOf(`[data-uri$="${file}"]`);
  /** The plan view of a file (its URI: `infisical-plan:/<file name>.plan?<file URI>`). */
  const planEditor = (/** @type {string} */ file) =>
    editorOf(`[data-uri^="infisical-plan:/${file.split('/').at(-1)}.plan"]`);

  /** Waits until the editor shows text matching `pattern`; returns that text. */
  async function shows(
    /** @type {import('playwright-core').Locator} */ editor,
    /** @type {RegExp} */ pattern,
    timeout = 20_000,
  ) {
    const until = Date.now() + timeout;
    for (;;) {
      const text = await shownText(editor).catch(() => '');
      if (pattern.test(text)) return text;
      if (Date.now() > until) {
        const shown = await page()
          .locator('.monaco-editor[data-uri]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-uri')));
        assert.fail(`the editor never showed ${pattern}; it shows:\n${text}\n(editors: ${shown.join(', ')})`);
      }
      await pause(150);
    }
  }

  /** A CodeLens of an editor, by its text. */
  const lens = (
    /** @type {import('playwright-core').Locator} */ editor,
    /** @type {string | RegExp} */ text,
  ) => editor.locator('.codelens-decoration a', { hasText: text }).filter({ visible: true }).first();

  /** The line number (1-based) of the n-th line of a file on disk that contains `needle`. */
  async function lineOf(/** @type {string} */ file, /** @type {string} */ needle, nth = 0) {
    const lines = (await readFile(join(workspace(), file), 'utf8')).split('\n');
    const found = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
    assert.ok(found[nth], `"${needle}" (#${nth + 1}) is in ${file}`);
    return found[nth];
  }

  /**
   * Clicks the file's "Plan" CodeLens until its plan view shows `pattern`: a click can land while
   * VS Code redraws the CodeLens after an edit or a save, and then does nothing (one clicks again).
   */
  async function planned(
    /** @type {import('playwright-core').Locator} */ editor,
    /** @type {string} */ file,
    /** @type {RegExp} */ pattern,
  ) {
    for (let attempt = 1; ; attempt++) {
      await (await topLens(editor, /^\s*Plan$/)).click({ timeout: 15_000 });
      try {
        return await shows(planEditor(file), pattern, attempt < 3 ? 8_000 : 30_000);
      } catch (error) {
        if (attempt >= 3) throw error;
        console.log(`      (the Plan click #${attempt} showed no plan: clicking again)`);
      }
    }
  }

  /** Waits until the file on disk matches (a save is written by the server, after the editor). */
  async function onDisk(/** @type {string} */ file, /** @type {RegExp} */ pattern) {
    const until = Date.now() + 15_000;
    for (;;) {
      const text = await readFile(join(workspace(), file), 'utf8');
      if (pattern.test(text)) return text;
      if (Date.now() > until) assert.fail(`${file} on disk never matched ${pattern}:\n${text}`);
      await pause(200);
    }
  }

  /** Clicks tree items of a view as a person selects several: the first with `first`, then Ctrl+click. */
  async function select(
    /** @type {string} */ viewName,
    /** @type {string[]} */ names,
    /** @type {'click' | 'ctrl'} */ first,
  ) {
    const view = wb().view(viewName);
    for (const [i, name] of names.entries()) {
      const item = view.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) }).first();
      await view.getByRole('treeitem').first().waitFor({ timeout: 30_000 });
      // The tree draws only the rows in sight: scroll with the wheel until the row shows.
      for (let tries = 0; !(await item.isVisible()); tries++) {
        assert.ok(tries < 60, `${name} never showed in ${viewName}`);
        await view.locator('.monaco-list').first().hover();
        await page().mouse.wheel(0, 120);
        await pause(150);
      }
      await item.click({ modifiers: i === 0 && first === 'click' ? [] : ['Control'] });
      await pause(250);
    }
    return view.getByRole('treeitem', { name: new RegExp(`^${names.at(-1)}\\b`) }).first();
  }

  /** Right-click → "Export to Workspace File…" → the save dialog answered with `file` → the file opens. */
  async function exportVia(
    /** @type {import('playwright-core').Locator} */ item,
    /** @type {string} */ file,
  ) {
    await item.click({ button: 'right' });
    const entry = page().getByRole('menuitem', { name: 'Export to Workspace File…' });
    await entry.waitFor({ timeout: 10_000 });
    await pause(400); // a person reads the menu before choosing
    await entry.hover();
    await pause(150);
    await entry.click();
    await entry.waitFor({ state: 'detached', timeout: 10_000 });
    // code-server asks with VS Code's simple file dialog: a quick input holding a path.
    const widget = page().locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: 'Export to a workspace file' })
      .waitFor({ state: 'visible', timeout: 30_000 });
    await pause(300);
    await page().keyboard.press('Control+A');
    await type(join(workspace(), file));
    await pause(300);
    await page().keyboard.press('Enter');
    await page()
      .locator('.tab', { hasText: file.split('/').at(-1) })
      .first()
      .waitFor({ timeout: 30_000 });
    return readFile(join(workspace(), file), 'utf8');
  }

  /** Ctrl+P, the file's name typed, Enter: the file in the active editor. */
  async function openFile(/** @type {string} */ name) {
    await page().keyboard.press('Control+P');
    await page().locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type(name);
    await page()
      .locator('.quick-input-widget .monaco-list-row', { hasText: name })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await page().keyboard.press('Enter');
    await page().locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 15_000 });
  }

  /** A workspace file (its path under the workspace) opened with Ctrl+P, its editor shown. */
  async function openEditor(/** @type {string} */ file) {
    await openFile(/** @type {string} */ (file.split('/').at(-1)));
    const editor = fileEditor(file);
    await editor.waitFor();
    return editor;
  }

  /** The pids of code-server's extension host processes (children of the server with --type=extensionHost). */
  function extensionHosts() {
    const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }));
    const tree = new Set([wb().server.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of rows)
        if (tree.has(r.ppid) && !tree.has(r.pid)) {
          tree.add(r.pid);
          grew = true;
        }
    }
    return rows.filter((r) => tree.has(r.pid) && r.args.includes('--type=extensionHost')).map((r) => r.pid);
  }

  /** Ctrl+. at the cursor, then a click on the action whose title holds `title` (a screenshot first, if named). */
  async function quickFix(
    /** @type {string} */ title,
    /** @type {string | undefined} */ screenshot = undefined,
  ) {
    await page().keyboard.press('Control+.');
    const row = page().locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    if (screenshot) await wb().screenshot(screenshot);
    await row.click();
  }

  /** The files under the test's folders (user data, workspace, extensions) that hold `text`. */
  async function filesHolding(/** @type {string} */ text) {
    const found = [];
    for await (const [path, content] of files(wb().server.tempDir))
      if (content.includes(text)) found.push(path);
    return found;
  }

  /**
   * "Apply N changes" above the file, confirmed, until the summary shows; returns the client
   * secret that prod-entra-graph's PATCH carried.
   */
  async function applySendingSecret(/** @type {import('playwright-core').Locator} */ editor) {
    await wb().control('DELETE', 'requests');
    await (await topLens(editor, /Apply \d+ change/)).click({ timeout: 15_000 });
    await wb().dialogButton('Apply').click({ timeout: 15_000 });
    await wb()
      .notification(/Apply: \d+ applied/)
      .first()
      .waitFor({ timeout: 30_000 });
    const patch = (await writes()).find(
      (r) => r.path === `/api/v1/app-connections/azure-client-secrets/${ids['prod-entra-graph']}`,
    );
    return /** @type {{ credentials?: { clientSecret?: string } }} */ (patch?.body)?.credentials
      ?.clientSecret;
  }

  /** @type {Record<string, string>} */
  const ids = {};
  // Each step builds on the one before: after a failure the rest would only fail again.
  let broken = false;
  beforeEach(function () {
    if (broken) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken = true;
  });

  it('exports two identities selected in Machine Identities to a workspace file: ids pinned, no secret', async () => {
    const s = await state();
    for (const name of IDENTITIES)
      ids[name] = /** @type {string} */ (s.identities.find((i) => i.name === name)?.id);
    for (const name of CONNECTIONS)
      ids[name] = /** @type {string} */ (s.connections.find((c) => c.name === name && !c.projectId)?.id);
    // The team's repository already has its infra folder.
    await mkdir(join(workspace(), 'infra'), { recursive: true });
    await writeFile(join(workspace(), 'infra', 'README.md'), '# Infrastructure\n');

    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    const last = await select('Machine Identities', IDENTITIES, 'click');
    await wb().screenshot('config-selected-identities');
    const text = await exportVia(last, IDENTITY_FILE);
    for (const name of IDENTITIES) assert.match(text, new RegExp(`"id": "${ids[name]}"`), `${name} pinned`);
    assert.doesNotMatch(text, /"connections"/);
    await wb()
      .notification(/Exported 2 identities and 0 connections to infra\/demo\.infisical-azure\.json/)
      .first()
      .waitFor({ timeout: 15_000 });
    await lens(fileEditor(IDENTITY_FILE), /Plan/).waitFor({ timeout: 20_000 });
    await wb().screenshot('config-exported-identities');
  });

  it('exports two Azure connections selected in App Connections to a second file, without their secrets', async () => {
    await wb().clearNotifications();
    // Ctrl+click selects without opening the form a plain click opens.
    const last = await select('App Connections', CONNECTIONS, 'ctrl');
    const text = await exportVia(last, CONNECTION_FILE);
    for (const name of CONNECTIONS) assert.match(text, new RegExp(`"id": "${ids[name]}"`), `${name} pinned`);
    assert.doesNotMatch(text, /"clientSecret"|"privateKey"|"certificateBody"/, 'no write-only field');
    for (const c of (await state()).connections.filter((x) => CONNECTIONS.includes(x.name))) {
      for (const key of ['clientSecret', 'privateKey']) {
        const secret = c.credentials[key];
        if (typeof secret === 'string')
          assert.ok(!text.includes(secret), `${c.name}: its ${key} is not in the file`);
      }
    }
    await wb()
      .notification(/Exported 0 identities and 2 connections/)
      .first()
      .waitFor({ timeout: 15_000 });
    await wb().screenshot('config-exported-connections');
  });

  it('completion offers a deleted field with its schema description; a typo is flagged, then fixed', async () => {
    await wb().clearNotifications();
    const editor = await openEditor(IDENTITY_FILE);
    // functions-billing's last Azure Auth field: deleted (Ctrl+Shift+K), then re-added by completion.
    const uses = await lineOf(IDENTITY_FILE, '"accessTokenNumUsesLimit": 0', 1);
    await goToLine(uses);
    await page().keyboard.press('Control+Shift+K');
    await pause(200);
    await goToLine(uses - 1);
    await page().keyboard.press('End');
    await page().keyboard.press('Enter');
    await type('"acc');
    const widget = page().locator('.editor-widget.suggest-widget');
    const item = widget.locator('.monaco-list-row', { hasText: 'accessTokenNumUsesLimit' }).first();
    if (!(await item.isVisible().catch(() => false))) await page().keyboard.press('Control+Space');
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    const details = page().locator('.suggest-details', {
      hasText: 'How many times an access token can be used',
    });
    // The description shows in the details pane ("Read More", Ctrl+Space) when it is collapsed.
    if (!(await details.isVisible().catch(() => false))) {
      await item.hover();
      await pause(300);
      if (!(await details.isVisible().catch(() => false))) await page().keyboard.press('Control+Space');
    }
    await details.first().waitFor({ state: 'visible', timeout: 10_000 });
    await wb().screenshot('config-completion');
    await item.click();
    await pause(300);
    await type('0');
    await pause(300);
    await shows(editor, /"accessTokenNumUsesLimit": 0\n\s*}\n\s*}\n\s*\]/);

    // A typo in aks-prod-workload's TTL: an error on the value, in the editor and in Problems.
    const ttl = await lineOf(IDENTITY_FILE, '"accessTokenTTL": "1h"');
    await goToLine(ttl);
    await retype(editor, ttl, '"1h"', '2x');
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
    await page().keyboard.press('Control+Shift+M');
    const problem = page().locator('.markers-panel .monaco-list-row', {
      hasText: 'accessTokenTTL "2x" is not a duration',
    });
    await problem.first().waitFor({ timeout: 15_000 });
    await wb().screenshot('config-typo');
    // Fixed: back in the editor, the x replaced by h.
    await goToLine(ttl);
    await page().keyboard.press('End'); // after `"2x",`
    await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('Backspace');
    await type('h');
    await shows(editor, /"accessTokenTTL": "2h"/);
    await problem.first().waitFor({ state: 'detached', timeout: 15_000 });
    await page().keyboard.press('Control+J'); // the panel closed again
  });

  it('one field changed in a second identity; Ctrl+S; the Plan CodeLens shows exactly the two edits', async () => {
    const editor = fileEditor(IDENTITY_FILE);
    const line = await lineOf(IDENTITY_FILE, '"accessTokenNumUsesLimit"', 1);
    await goToLine(line);
    await retype(editor, line, '0', '5');
    await shows(editor, /"accessTokenNumUsesLimit": 5\n/);
    await page().keyboard.press('Control+S');
    await page()
      .locator('.tab.dirty', { hasText: 'demo.infisical-azure.json' })
      .waitFor({ state: 'detached', timeout: 10_000 });
    await onDisk(IDENTITY_FILE, /"accessTokenTTL": "2h"[\s\S]*"accessTokenNumUsesLimit": 5\n/);

    await wb().control('DELETE', 'requests');
    const plan = await planned(editor, IDENTITY_FILE, /Plan: 2 to update/);
    console.log(`      plan view:\n${plan.replace(/^/gm, '        ')}`);
    const changes = plan.split('\n').filter((l) => /^\s+\S+: .* → /.test(l));
    assert.deepEqual(
      changes.map((l) => l.trim()),
      ['accessTokenTTL: 3600 (1h) → 7200 (2h)', 'accessTokenNumUsesLimit: 0 → 5'],
      'exactly the edited fields, before → after',
    );
    assert.match(plan, /~ identity "aks-prod-workload" Azure Auth/);
    assert.match(plan, /~ identity "functions-billing" Azure Auth/);
    assert.equal((await writes()).length, 0, 'a plan only reads');
    await lens(editor, 'Apply 2 changes').waitFor({ timeout: 15_000 });
    await lens(editor, '1 change: accessTokenTTL').waitFor();
    await lens(editor, '1 change: accessTokenNumUsesLimit').waitFor();
    await docsScreenshot('config-plan');
  });

  it('"Show Diff" on a resource opens the server ↔ file diff', async () => {
    const editor = fileEditor(IDENTITY_FILE);
    await goToLine(await lineOf(IDENTITY_FILE, '"name": "aks-prod-workload"'));
    await editor
      .locator('.codelens-decoration', { hasText: '1 change: accessTokenTTL' })
      .locator('a', { hasText: 'Show Diff' })
      .click({ timeout: 15_000 });
    const diff = page().locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 20_000 });
    await page().locator('.tab', { hasText: 'server ↔ file' }).first().waitFor();
    await diff.locator('.line-insert, .char-insert').first().waitFor({ timeout: 10_000 });
    await docsScreenshot('config-diff');
    await wb().runCommand('View: Close Editor');
    await diff.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('"Apply 2 changes" asks, then sends one minimal PATCH per changed resource', async () => {
    await openFile('demo.infisical-azure.json');
    const editor = fileEditor(IDENTITY_FILE);
    await wb().control('DELETE', 'requests');
    await (await topLens(editor, 'Apply 2 changes')).click({ timeout: 15_000 });
    await page().locator('.monaco-dialog-box', { hasText: 'Apply 2 updates' }).waitFor({ timeout: 15_000 });
    await wb().screenshot('config-apply-confirm');
    await wb().dialogButton('Apply').click();
    await wb().notification('Apply: 2 applied.').first().waitFor({ timeout: 30_000 });
    await wb().screenshot('config-applied');
    const sent = (await writes()).map((r) => [r.method, r.path, r.body]);
    const aks = `/api/v1/auth/azure-auth/identities/${ids['aks-prod-workload']}`;
    const functions = `/api/v1/auth/azure-auth/identities/${ids['functions-billing']}`;
    assert.deepEqual(
      sent.sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      [
        ['PATCH', aks, { accessTokenTTL: 7200, accessTokenMaxTTL: 86400 }],
        ['PATCH', functions, { accessTokenNumUsesLimit: 5 }],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      'one minimal PATCH each, TTL and Max TTL together, nothing else',
    );
    const s = await state();
    const auth = (/** @type {string} */ name) => s.azureAuths.find((a) => a.identityId === ids[name]);
    assert.equal(auth('aks-prod-workload')?.accessTokenTTL, 7200);
    assert.equal(auth('aks-prod-workload')?.accessTokenMaxTTL, 86400);
    assert.equal(auth('functions-billing')?.accessTokenNumUsesLimit, 5);
  });

  it('"Plan" again: No changes', async () => {
    await wb().clearNotifications();
    const editor = fileEditor(IDENTITY_FILE);
    await planned(editor, IDENTITY_FILE, /No changes\. 2 resources are in sync with the server\./);
    await lens(editor, 'in sync: no changes').waitFor({ timeout: 15_000 });
    assert.equal(await lens(editor, /Apply \d+ change/).count(), 0);
    await wb().screenshot('config-no-changes');
  });

  it('the extension host killed mid-apply: the next plan says so and shows what the server has', async function () {
    this.timeout(180_000);
    await wb().clearNotifications();
    const editor = await openEditor(CONNECTION_FILE);
    /** @type {[string, string][]} */
    const edits = [
      ['prod-entra-graph', 'Graph API secret, managed in git'],
      ['staging-entra-graph', 'Staging twin, managed in git'],
    ];
    for (const [name, text] of edits) {
      const line = await lineOf(CONNECTION_FILE, '"description"', CONNECTIONS.indexOf(name));
      await goToLine(line);
      // The value selected as a person does: End, before the closing quote, Shift+← held.
      await page().keyboard.press('End');
      await page().keyboard.press('ArrowLeft');
      await page().keyboard.press('ArrowLeft');
      const current = (await state()).connections.find((c) => c.id === ids[name])?.description ?? '';
      for (let i = 0; i < current.length; i++) {
        await page().keyboard.press('Shift+ArrowLeft');
        await pause(30); // a held key repeats about every 30 ms
      }
      await type(text);
    }
    await shows(editor, /Graph API secret, managed in git[\s\S]*Staging twin, managed in git/);
    await page().keyboard.press('Control+S');
    await page()
      .locator('.tab.dirty', { hasText: 'connections.infisical-azure.json' })
      .waitFor({ state: 'detached', timeout: 10_000 });
    await planned(editor, CONNECTION_FILE, /Plan: 2 to update/);

    // staging-entra-graph's PATCH takes 8 s; the extension host dies meanwhile.
    const slow = `/api/v1/app-connections/azure-client-secrets/${ids['staging-entra-graph']}`;
    const fast = `/api/v1/app-connections/azure-client-secrets/${ids['prod-entra-graph']}`;
    await wb().control('POST', 'faults', { method: 'PATCH', path: slow, latencyMs: 8_000, times: 1 });
    await wb().control('DELETE', 'requests');
    const hosts = extensionHosts();
    assert.equal(hosts.length, 1, `one extension host runs (${hosts.join(', ')})`);
    await openFile('connections.infisical-azure.json');
    await (await topLens(editor, 'Apply 2 changes')).click({ timeout: 15_000 });
    await wb().dialogButton('Apply').click({ timeout: 15_000 });
    await wb().request('PATCH', slow, () => true, 15_000);
    await wb().request('PATCH', fast, (r) => r.status === 200, 15_000);
    // The server answering is not the extension having read the answer: kill only once its
    // progress says so. That report follows the journal's update on the same channel, so the
    // journal then names only the slow write (stop 17's CI killed in between, and the plan
    // rightly named both as interrupted).
    await wb()
      .notification(/1 of 2: prod-entra-graph applied/)
      .first()
      .waitFor({ timeout: 15_000 });
    const inFlight = (await requests()).find((r) => r.method === 'PATCH' && r.path === slow);
    assert.ok(inFlight && !inFlight.status, 'the slow PATCH is still in flight');
    process.kill(/** @type {number} */ (hosts[0]), 'SIGKILL');
    console.log(`      killed the extension host (pid ${hosts[0]}) while ${slow} was in flight`);
    await wb().screenshot('config-host-killed');

    // Back: VS Code restarts a crashed remote extension host by itself, or one asks it to.
    const restarted = async () => {
      const until = Date.now() + 20_000;
      while (Date.now() < until) {
        const now = extensionHosts();
        if (now.length && !now.includes(/** @type {number} */ (hosts[0]))) return true;
        await pause(250);
      }
      return false;
    };
    if (!(await restarted())) {
      await wb().runCommand('Developer: Restart Extension Host');
      assert.ok(await restarted(), 'an extension host runs again');
    }
    await wb().waitForExtension();
    await wb().screenshot('config-host-back');
    const slowEntry = await wb().request('PATCH', slow, (r) => r.status > 0 || r.aborted === true, 20_000);
    console.log(
      `      the slow PATCH ended: ${JSON.stringify({ status: slowEntry.status, aborted: slowEntry.aborted })}`,
    );

    await openFile('connections.infisical-azure.json');
    await (await topLens(editor, /^\s*Plan/)).click({ timeout: 60_000 });
    const plan = await shows(
      planEditor(CONNECTION_FILE),
      /^An earlier apply of this file was interrupted/,
      30_000,
    );
    console.log(`      plan view:\n${plan.replace(/^/gm, '        ')}`);
    assert.match(plan, /while sending: connection "staging-entra-graph"/);
    assert.doesNotMatch(plan, /while sending:[^\n]*prod-entra-graph/, 'the answered PATCH is not reported');
    const s = await state();
    const stored = (/** @type {string} */ name) => s.connections.find((c) => c.id === ids[name])?.description;
    assert.equal(stored('prod-entra-graph'), 'Graph API secret, managed in git', 'the fast PATCH landed');
    const landed = stored('staging-entra-graph') === 'Staging twin, managed in git';
    if (landed) {
      assert.match(plan, /No changes\. 2 resources are in sync/);
    } else {
      assert.match(
        plan,
        /~ connection "staging-entra-graph"[^\n]*\n\s+description: .* → "?Staging twin, managed in git/,
      );
      assert.match(plan, /Plan: 1 to update, 1 unchanged\./);
      assert.doesNotMatch(plan, /~ connection "prod-entra-graph"/);
    }
    await wb().screenshot('config-interrupted-plan');
    // The fault matrix's row (scripts/fault-matrix.mjs renders docs/fault-matrix.md from it).
    const results = process.env.INFISICAL_TEST_RESULTS ?? join(ROOT, 'test-results');
    await mkdir(results, { recursive: true });
    const first = plan.split('\n')[0] ?? '';
    const row = {
      id: 'host-killed',
      label: 'Apply: the extension host killed mid-apply',
      pass: true,
      saw: `${first} ${landed ? 'No changes.' : 'Plan: 1 to update (the write that never landed), 1 unchanged.'}`,
    };
    await writeFile(
      join(results, 'fault-matrix-config-e2e.json'),
      `${JSON.stringify({ at: new Date().toISOString(), rows: [row] }, null, 2)}\n`,
    );
  });

  it('a client secret typed into the file: Ctrl+. moves it to SecretStorage, and a plan replacing credentials sends it', async function () {
    this.timeout(120_000);
    await wb().clearNotifications();
    const editor = await openEditor(CONNECTION_FILE);
    const secret = `typed-in-the-file-${Date.now()}`;
    // prod-entra-graph's credentials: a new first line, typed as a person does. VS Code closes
    // each quote as it is opened and steps over it when typed again; Escape closes suggestions.
    await goToLine(
      await lineOf(CONNECTION_FILE, '"credentials": {', CONNECTIONS.indexOf('prod-entra-graph')),
    );
    await page().keyboard.press('End');
    await page().keyboard.press('Enter');
    await type('"clientSecret');
    await page().keyboard.press('Escape');
    await type('": "');
    await type(secret);
    await type('",');
    await shows(editor, new RegExp(`"clientSecret": "${secret}",`));
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
    // A person who stops typing for a second: the browser's auto-save writes the secret to disk.
    await onDisk(CONNECTION_FILE, new RegExp(secret));

    // Ctrl+. with the cursor in the value → the quick fix → Enter keeps the suggested name.
    await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('ArrowLeft');
    await quickFix('Move clientSecret to VS Code', 'config-secret-quick-fix');
    const name = 'PROD_ENTRA_GRAPH_CLIENT_SECRET';
    const box = page().locator('.quick-input-widget .quick-input-box input');
    await page()
      .locator('.quick-input-widget .quick-input-title', {
        hasText: "Move clientSecret to VS Code's SecretStorage",
      })
      .waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await box.inputValue(), name, 'the suggested name is filled in');
    await page().keyboard.press('Enter');
    await shows(editor, new RegExp(`"clientSecret": \\{ "env": "${name}" \\},`));
    const told = wb().notification(/rotate the secret/);
    await told.first().waitFor({ timeout: 15_000 });
    assert.match(
      (await told.first().textContent()) ?? '',
      /It was saved in infra\/connections\.infisical-azure\.json before, and VS Code's Local History keeps saved versions: Open Timeline to delete this file's \(Delete on each Local History entry\); Delete All Local History… deletes the history of every file\. Also rotate the secret if the file was committed or shared\./,
    );
    // The narrower way has a button of its own: this file's Timeline, whose entries each have Delete.
    const toast = page().locator('.notifications-toasts .notification-list-item', {
      hasText: 'rotate the secret',
    });
    assert.equal(await toast.getByRole('button', { name: 'Open Timeline' }).count(), 1);
    // Auto-save writes the file again: the reference only.
    const saved = await onDisk(CONNECTION_FILE, new RegExp(`"env": "${name}"`));
    assert.ok(!saved.includes(secret), 'the file on disk no longer holds the secret');
    const holding = () => filesHolding(secret);
    const before = await holding();
    assert.ok(
      before.length > 0 && before.every((p) => p.includes(join('User', 'History'))),
      `only Local History holds the auto-saved version: ${before.join(', ')}`,
    );
    // The notification's other button: VS Code's own "Delete All" of Local History, confirmed.
    await toast.getByRole('button', { name: 'Delete All Local History…' }).click();
    await page().locator('.monaco-dialog-box').waitFor({ timeout: 15_000 });
    await wb().screenshot('config-secret-history');
    await page()
      .locator('.monaco-dialog-box')
      .getByRole('button', { name: /^Delete/ })
      .first()
      .click();
    await page().locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });
    for (const until = Date.now() + 15_000; (await holding()).length > 0; ) {
      assert.ok(Date.now() < until, `still on disk: ${(await holding()).join(', ')}`);
      await pause(250);
    }

    // The plan that replaces prod-entra-graph's credentials (the notification has closed).
    await wb().runCommand('Infisical: Plan Workspace File, Replacing Credentials…');
    // Its row is checked already (every connection with a reference is): Enter accepts.
    const row = page()
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'prod-entra-graph' })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await row.locator('input[type="checkbox"], .monaco-checkbox').first().isVisible(), true);
    await page().keyboard.press('Enter');
    const plan = await shows(planEditor(CONNECTION_FILE), /~ connection "prod-entra-graph"/, 30_000);
    assert.match(plan, new RegExp(`credentials[^\\n]*${name}`), plan);
    assert.ok(!plan.includes(secret), 'the plan names the reference, never the value');
    assert.equal(
      await applySendingSecret(editor),
      secret,
      'the value kept in SecretStorage reached the server',
    );
    await wb().screenshot('config-secret-applied');
  });

  it("drift adopted: a change made on the server, planned, then Ctrl+. keeps the server's value in the file; nothing is sent", async () => {
    await wb().clearNotifications();
    const aks = ids['aks-prod-workload'];
    await wb().control('PATCH', `azure-auth/${aks}`, { accessTokenNumUsesLimit: 9 });
    const editor = await openEditor(IDENTITY_FILE);
    await planned(editor, IDENTITY_FILE, /Plan: 1 to update/);
    await wb().control('DELETE', 'requests');
    await goToLine(
      await lineOf(IDENTITY_FILE, '"accessTokenNumUsesLimit"', IDENTITIES.indexOf('aks-prod-workload')),
    );
    await page().keyboard.press('End');
    await quickFix("Keep the server's accessTokenNumUsesLimit: 9", 'config-keep-server');
    await shows(editor, /"accessTokenNumUsesLimit": 9/);
    await onDisk(IDENTITY_FILE, /"accessTokenNumUsesLimit": 9/);
    assert.deepEqual(await writes(), [], "adopting the server's value sends nothing");
    // The file changed since its plan: the top CodeLens reads "Plan (changed since the last plan)".
    await (await topLens(editor, /^\s*Plan \(changed since the last plan\)/)).click({ timeout: 15_000 });
    await shows(planEditor(IDENTITY_FILE), /No changes\. 2 resources are in sync with the server\./, 30_000);
  });

  it('a new entry: its name is picked from the server as it is typed, and the plan finds it', async () => {
    await wb().clearNotifications();
    const editor = await openEditor(IDENTITY_FILE);
    await wb().control('DELETE', 'requests');
    await goToLine(await lineOf(IDENTITY_FILE, '"identities": ['));
    await page().keyboard.press('End');
    await page().keyboard.press('Enter');
    // Brackets and quotes close themselves as one types; the opening quote of the value asks.
    await type('{ "name": "');
    const widget = page().locator('.editor-widget.suggest-widget');
    const row = widget.locator('.monaco-list-row', { hasText: 'data-factory-etl' }).first();
    await type('data-f');
    if (!(await row.isVisible().catch(() => false))) await page().keyboard.press('Control+Space');
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(
      await row.innerText(),
      /identity with Azure Auth/,
      'the row says the identity has Azure Auth',
    );
    await docsScreenshot('config-name-completion');
    // The screenshot hides the side bar and shows it again: the list stays open, or is asked again.
    if (!(await row.isVisible().catch(() => false))) await page().keyboard.press('Control+Space');
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await page().keyboard.press('Enter');
    const accepted = await shows(editor, /\{ "name": "data-factory-etl"/);
    // The rest of the entry: Azure Auth with nothing managed yet, and the comma after it. Whether
    // the editor closed the entry's brace by itself depends on what follows the cursor.
    const closed = /\{ "name": "data-factory-etl"\s*\}/.test(accepted);
    await page().keyboard.press('End');
    if (closed) await page().keyboard.press('ArrowLeft');
    await type(', "azureAuth": {}');
    await page().keyboard.press('End');
    await type(closed ? ',' : '},');
    await shows(editor, /\{ "name": "data-factory-etl", "azureAuth": \{\}\s*\},/);
    const searched = (await requests()).filter(
      (r) => r.method === 'GET' && r.path.endsWith('/identity-memberships'),
    );
    assert.ok(searched.length >= 1, 'the names came from the server');
    assert.deepEqual(await writes(), [], 'completion only reads');
    await page().keyboard.press('Control+S');
    await page()
      .locator('.tab.dirty', { hasText: 'demo.infisical-azure.json' })
      .waitFor({ state: 'detached', timeout: 10_000 });
    await (await topLens(editor, /^\s*Plan/)).click({ timeout: 15_000 });
    await shows(planEditor(IDENTITY_FILE), /No changes\. 3 resources are in sync with the server\./, 30_000);
  });

  it('a secret kept under a reference, typed wrong: the hover says where it comes from, Ctrl+. replaces it, the notification plans, apply sends it', async () => {
    await wb().clearNotifications();
    const editor = await openEditor(CONNECTION_FILE);
    const name = 'PROD_ENTRA_GRAPH_CLIENT_SECRET';
    // The cursor in the reference's name: End of its line (after `" },`), then five keys left.
    await goToLine(await lineOf(CONNECTION_FILE, `"env": "${name}"`));
    await page().keyboard.press('End');
    for (let i = 0; i < 5; i++) await page().keyboard.press('ArrowLeft');
    // Show Hover from the keyboard (Ctrl+K Ctrl+I).
    await page().keyboard.press('Control+K');
    await page().keyboard.press('Control+I');
    const hover = page().locator('.monaco-hover', {
      hasText: `stands for the clientSecret of "prod-entra-graph"`,
    });
    await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await hover.first().innerText(), /Here it comes from VS Code's SecretStorage/);
    await wb().screenshot('config-reference-hover');
    await page().keyboard.press('Escape');

    await quickFix(`Replace the value VS Code keeps for ${name}`);
    await page()
      .locator('.quick-input-widget .quick-input-title', {
        hasText: `${name}: the clientSecret VS Code keeps`,
      })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const box = page().locator('.quick-input-widget .quick-input-box input');
    assert.equal(await box.getAttribute('type'), 'password', 'a password box');
    assert.equal(await box.inputValue(), '', 'the value kept now is never shown');
    const replacement = `Zq8~replaced-in-the-password-box-${Date.now()}`;
    await type(replacement);
    await page().keyboard.press('Enter');

    // The notification's button plans replacing the credentials; the connection is checked already.
    const told = page().locator('.notifications-toasts .notification-list-item', {
      hasText: `VS Code keeps a new value for ${name}`,
    });
    await told.first().waitFor({ timeout: 15_000 });
    await told.first().getByRole('button', { name: 'Plan, Replacing Credentials…' }).click();
    const row = page()
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'prod-entra-graph' })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await page().keyboard.press('Enter');
    const plan = await shows(planEditor(CONNECTION_FILE), /~ connection "prod-entra-graph"/, 30_000);
    assert.ok(!plan.includes(replacement), 'the plan names the reference, never the value');
    assert.equal(await applySendingSecret(editor), replacement, 'the replacement reached the server');
    assert.deepEqual(
      await filesHolding(replacement),
      [],
      'the replacement is in no file under the test folders',
    );
  });

  it('"Plan All Workspace Files" from the palette: one row per file with its outcome; Enter opens that plan', async () => {
    await wb().clearNotifications();
    // Someone changes aks-prod-workload in the web app: its file drifts, the other does not.
    await wb().control('PATCH', `azure-auth/${ids['aks-prod-workload']}`, { accessTokenNumUsesLimit: 7 });
    await wb().control('DELETE', 'requests');
    await wb().runCommand('Infisical: Plan All Workspace Files');
    const widget = page().locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: 'Plans of 2 workspace files: 1 with changes, 0 not planned' })
      .waitFor({ state: 'visible', timeout: 30_000 });
    const rows = widget.locator('.monaco-list-row');
    const texts = await rows.allInnerTexts();
    assert.equal(texts.length, 2, texts.join('\n'));
    assert.match(
      texts[0] ?? '',
      /infra\/connections\.infisical-azure\.json[\s\S]*No changes\. 2 resources are in sync/,
    );
    assert.match(texts[1] ?? '', /infra\/demo\.infisical-azure\.json[\s\S]*Plan: 1 to update, 2 unchanged\./);
    await wb().screenshot('config-plan-all');
    assert.deepEqual(await writes(), [], 'plans only read');
    await type('demo');
    await page().keyboard.press('Enter');
    const plan = await shows(planEditor(IDENTITY_FILE), /~ identity "aks-prod-workload"/, 30_000);
    assert.match(plan, /accessTokenNumUsesLimit: 9 → 7|accessTokenNumUsesLimit: 7 → 9/);
  });
});
