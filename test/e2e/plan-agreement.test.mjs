// @ts-check
// One plan, one state, on every surface: a person plans a workspace file, then applies it, fixes
// a name with Ctrl+., and keeps a value the server has with Ctrl+.; after each, the file's
// CodeLens, the plan view (its text and its CodeLens) and the squiggles in the file say the same
// thing. Before, the file said "Applied" while a resource's lens still offered "1 change", and the
// plan view offered "Apply 1 change" for a file edited since its plan.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shownText, useWorkbench } from './harness.mjs';

/** The workspace file: the name the export suggests, accepted with Enter. */
let FILE = '';

describe('Plan agreement', () => {
  const wb = useWorkbench('plan-agreement', { demoProfile: true });
  const page = () => wb().page;
  const workspace = () => join(wb().server.tempDir, 'workspace');
  const pause = (/** @type {number} */ ms) => page().waitForTimeout(ms);

  /** A person's typing: key by key, 30–120 ms apart. */
  async function type(/** @type {string} */ text) {
    for (const ch of text) {
      await page().keyboard.type(ch);
      await pause(30 + Math.floor(Math.random() * 90));
    }
  }

  const editorOf = (/** @type {string} */ selector) => page().locator(`.monaco-editor${selector}`).first();
  const fileEditor = () => editorOf(`[data-uri$="${FILE}"]`);
  const planEditor = () => editorOf(`[data-uri^="infisical-plan:/${FILE}.plan"]`);

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
      if (Date.now() > until) assert.fail(`the editor never showed ${pattern}; it shows:\n${text}`);
      await pause(150);
    }
  }

  /** The CodeLens titles an editor shows now. */
  const lensTitles = (/** @type {import('playwright-core').Locator} */ editor) =>
    editor.locator('.codelens-decoration a').allInnerTexts();

  /** Waits until an editor's CodeLens include one matching `wanted` and none matching `gone`. */
  async function lensesSay(
    /** @type {import('playwright-core').Locator} */ editor,
    /** @type {RegExp} */ wanted,
    /** @type {RegExp | undefined} */ gone = undefined,
    timeout = 15_000,
  ) {
    const until = Date.now() + timeout;
    for (;;) {
      const titles = (await lensTitles(editor).catch(() => [])).map((t) => t.trim()).filter(Boolean);
      if (titles.some((t) => wanted.test(t)) && !(gone && titles.some((t) => gone.test(t)))) return titles;
      if (Date.now() > until)
        assert.fail(
          `the CodeLens never showed ${wanted}${gone ? ` without ${gone}` : ''}: ${titles.join(' | ')}`,
        );
      await pause(200);
    }
  }

  /** A CodeLens at the top of an editor: focused and scrolled to its start first (Ctrl+Home). */
  async function topLens(
    /** @type {import('playwright-core').Locator} */ editor,
    /** @type {RegExp} */ text,
  ) {
    await editor.locator('textarea.inputarea, .native-edit-context').first().focus();
    await page().keyboard.press('Control+Home');
    const found = editor
      .locator('.codelens-decoration a', { hasText: text })
      .filter({ visible: true })
      .first();
    // VS Code redraws the CodeLens after a scroll: wait until the one found stays in the page.
    for (let tries = 0; tries < 20; tries++) {
      const handle = await found.elementHandle({ timeout: 15_000 });
      await pause(300);
      if (await handle?.evaluate((e) => e.isConnected)) break;
    }
    return found;
  }

  /** Clicks the file's top "Plan" CodeLens until the plan view shows `pattern` (a click during a redraw does nothing). */
  async function plan(/** @type {RegExp} */ lens, /** @type {RegExp} */ pattern) {
    for (let attempt = 1; ; attempt++) {
      await (await topLens(fileEditor(), lens)).click({ timeout: 15_000 });
      try {
        return await shows(planEditor(), pattern, attempt < 3 ? 8_000 : 30_000);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /** The line number (1-based) of the n-th line of the file on disk that contains `needle`. */
  async function lineOf(/** @type {string} */ needle, nth = 0) {
    const lines = (await readFile(join(workspace(), FILE), 'utf8')).split('\n');
    const found = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
    assert.ok(found[nth], `"${needle}" (#${nth + 1}) is in ${FILE}`);
    return found[nth];
  }

  /** Ctrl+G, the line number typed, Enter; then End. */
  async function endOfLine(/** @type {number} */ line) {
    await fileEditor().locator('textarea.inputarea, .native-edit-context').first().focus();
    await page().keyboard.press('Control+G');
    await page().locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type(String(line));
    await page().keyboard.press('Enter');
    await pause(200);
    await page().keyboard.press('End');
  }

  /** Ctrl+S, and the tab no longer dirty. */
  async function save() {
    await page().keyboard.press('Control+S');
    await page().locator('.tab.dirty', { hasText: FILE }).waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Ctrl+. at the cursor, then a click on the action whose title holds `title`. */
  async function quickFix(/** @type {string} */ title) {
    await page().keyboard.press('Control+.');
    const row = page().locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
  }

  const APPLY = /Apply \d+ change/;
  const STALE = /^Plan \(changed since the last plan\)$/;

  /** After an edit: every surface says the plan is stale, and nothing offers Apply. */
  async function everySurfaceStale() {
    // The file's top in sight: VS Code draws the CodeLens of the lines shown only.
    await topLens(fileEditor(), /Plan \(changed since the last plan\)/);
    const file = await lensesSay(fileEditor(), STALE, APPLY);
    assert.deepEqual(file, ['Plan (changed since the last plan)'], 'the file offers a new plan only');
    const text = await shows(planEditor(), /changed since this plan: nothing can be applied from it/);
    const view = await lensesSay(planEditor(), /Plan Again/, APPLY);
    assert.ok(!view.some((t) => APPLY.test(t)), `the plan view offers no Apply: ${view.join(' | ')}`);
    return text;
  }

  /** @type {Record<string, string>} */
  const ids = {};
  let broken = false;
  beforeEach(function () {
    if (broken) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken = true;
  });

  it('exports the identities from the palette into a workspace file', async () => {
    const s = /** @type {{ identities: { id: string, name: string }[] }} */ (
      await wb().control('GET', 'state')
    );
    for (const name of ['aks-prod-workload', 'functions-billing'])
      ids[name] = /** @type {string} */ (s.identities.find((i) => i.name === name)?.id);
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    // Signed in once the view lists the organization's identities.
    await wb().view('Machine Identities').getByRole('treeitem').first().waitFor({ timeout: 30_000 });
    await wb().runCommand('Infisical: Export to Workspace File…');
    await wb().pick('Every identity with Azure Auth');
    const widget = page().locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: 'Export to a workspace file' })
      .waitFor({ state: 'visible', timeout: 30_000 });
    // The dialog fills in its folder first, then the suggested name.
    const box = widget.locator('.quick-input-box input');
    let suggested = '';
    for (const until = Date.now() + 15_000; !suggested.endsWith('.infisical-azure.json'); await pause(200)) {
      assert.ok(Date.now() < until, `the dialog never suggested a name: ${suggested}`);
      suggested = await box.inputValue();
    }
    await pause(300);
    assert.ok(suggested.startsWith(`${workspace()}/`), `a file in the workspace folder: ${suggested}`);
    FILE = suggested.slice(workspace().length + 1);
    assert.match(FILE, /^[a-z0-9-]+\.infisical-azure\.json$/);
    await page().keyboard.press('Enter');
    await page().locator('.tab', { hasText: FILE }).first().waitFor({ timeout: 30_000 });
    await lensesSay(fileEditor(), /^Plan$/, undefined, 20_000);
  });

  it('apply: the plan is used up on every surface (no lens still offers "1 change")', async () => {
    await endOfLine(await lineOf('"accessTokenTTL": "1h"'));
    // `"accessTokenTTL": "1h",`: the 1 is four keys left of the end.
    for (let i = 0; i < 4; i++) await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('Delete');
    await type('2');
    await shows(fileEditor(), /"accessTokenTTL": "2h"/);
    await save();
    await plan(/^Plan$/, /Plan: 1 to update/);
    await lensesSay(fileEditor(), /^Apply 1 change$/);
    await lensesSay(fileEditor(), /^1 change: accessTokenTTL$/);
    await lensesSay(planEditor(), /^Apply 1 change$/);
    await wb().screenshot('plan-agreement-planned');

    // Applied from the plan view's CodeLens.
    await (await topLens(planEditor(), /Apply 1 change/)).click({ timeout: 15_000 });
    await wb().dialogButton('Apply').click({ timeout: 15_000 });
    await wb().notification('Apply: 1 applied.').first().waitFor({ timeout: 30_000 });
    const file = await lensesSay(
      fileEditor(),
      /^applied: accessTokenTTL$/,
      /^\d+ changes?:|Apply \d+ change/,
    );
    assert.ok(file.includes('Apply: 1 applied.'), file.join(' | '));
    assert.ok(
      !file.some((t) => /to update|Show Diff/.test(t)),
      `nothing left of the plan: ${file.join(' | ')}`,
    );
    const text = await shows(planEditor(), /^This plan was applied and is used up\./);
    assert.match(text, /applied\s+identity "aks-prod-workload" Azure Auth: accessTokenTTL/);
    const view = await lensesSay(planEditor(), /Plan Again/, APPLY);
    assert.ok(!view.includes('Show Diff'), view.join(' | '));
    await wb().screenshot('plan-agreement-applied');
  });

  it('a name fixed with Ctrl+.: the plan is stale everywhere at once, and its warning is gone', async () => {
    // Changed in the web app meanwhile: the next plan has something to apply.
    await wb().control('PATCH', `azure-auth/${ids['functions-billing']}`, { accessTokenNumUsesLimit: 6 });
    // The id line removed (Ctrl+Shift+K) and an "l" lost from the name: a typo only a plan can see.
    const name = await lineOf('"name": "aks-prod-workload"');
    await endOfLine(name + 1);
    await page().keyboard.press('Control+Shift+K');
    await endOfLine(name);
    // `"aks-prod-workload",`: after its "l" is five keys left of the end.
    for (let i = 0; i < 5; i++) await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('Backspace');
    await shows(fileEditor(), /"name": "aks-prod-workoad",/);
    await save();
    // Edited since the applied plan: the file offers a new plan.
    await plan(/Plan \(changed since the last plan\)/, /Did you mean "aks-prod-workload"\?/);
    await lensesSay(fileEditor(), /^Apply 1 change$/);
    await lensesSay(planEditor(), /^Apply 1 change$/);
    await fileEditor().locator('.squiggly-warning').first().waitFor({ timeout: 15_000 });
    await wb().screenshot('plan-agreement-typo');

    await endOfLine(name);
    await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('ArrowLeft');
    await quickFix('Change the name to "aks-prod-workload"');
    await shows(fileEditor(), /"name": "aks-prod-workload",/);
    await everySurfaceStale();
    await fileEditor().locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 5_000 });
    await wb().screenshot('plan-agreement-fixed');
  });

  it('drift adopted with Ctrl+.: the plan view stops offering Apply; the next plan has nothing left', async () => {
    await save();
    await plan(/Plan \(changed since the last plan\)/, /Plan: 1 to update/);
    await lensesSay(planEditor(), /^Apply 1 change$/);
    await lensesSay(fileEditor(), /^Apply 1 change$/);
    // functions-billing's field: the first of its name after the identity's name.
    const lines = (await readFile(join(workspace(), FILE), 'utf8')).split('\n');
    const entry = await lineOf('"name": "functions-billing"');
    const uses = lines.findIndex((l, i) => i >= entry && l.includes('"accessTokenNumUsesLimit"')) + 1;
    assert.ok(uses > entry, 'functions-billing has accessTokenNumUsesLimit');
    await endOfLine(uses);
    await quickFix("Keep the server's accessTokenNumUsesLimit: 6");
    await shows(fileEditor(), /"accessTokenNumUsesLimit": 6/);
    await everySurfaceStale();
    await wb().screenshot('plan-agreement-kept');
    await save();
    await plan(
      /Plan \(changed since the last plan\)/,
      /No changes\. \d+ resources are in sync with the server\./,
    );
    await lensesSay(fileEditor(), /^No changes\./, APPLY);
  });
});
