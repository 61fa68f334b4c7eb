// @ts-check
// The first ten minutes of a new user (issue 21), in one fresh browser with what `npm start`
// gives: default settings (auto-save on), the demo credentials offered, nothing signed in. From
// the palette they sign in with a wrong secret, then the right one; open a form, edit and save
// it; save a JSON document; export a workspace file; type a client secret into it and fix it;
// plan and apply. Every answer is typed key by key after the gesture a person uses.
//
// INFISICAL_UPDATE_SCREENSHOTS=1 also writes README's pictures of these steps to docs/screenshots/
// (a test run otherwise leaves the committed pictures alone).
import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { files, RESULTS, ROOT, useWorkbench } from './harness.mjs';
import { goToLine, palette, quickFix, retype, shows, topLens, type } from './keys.mjs';

const IDENTITY = 'aks-prod-workload';
const CONNECTION = 'prod-entra-graph';
/** The connection of the teammate's file: another one (prod-entra-graph's name is taken by then). */
const COMMITTED = 'staging-entra-graph';
const PROFILE = 'Contoso';

/**
 * @typedef {{ clientId: string, clientSecret: string, orgName: string }} Demo
 * @typedef {{ identityId: string, accessTokenTTL: number, accessTokenNumUsesLimit: number, resource: string, accessTokenTrustedIps: { ipAddress: string }[] }} AzureAuth
 * @typedef {{ identities: { id: string, name: string }[], azureAuths: AzureAuth[], connections: { id: string, name: string, projectId: string | null }[] }} State
 * @typedef {{ method: string, path: string, body?: unknown }} Logged
 */

describe('The first ten minutes', () => {
  const wb = useWorkbench('first-ten-minutes', { demoProfile: true });
  const page = () => wb().page;
  const demo = () => /** @type {Demo} */ (/** @type {unknown} */ (wb().sandbox.demo));
  const state = async () => /** @type {State} */ (await wb().control('GET', 'state'));
  const workspace = () => join(wb().server.tempDir, 'workspace');
  const writes = async () =>
    /** @type {{ requests: Logged[] }} */ (await wb().control('GET', 'requests')).requests.filter(
      (r) => r.method !== 'GET',
    );
  const clearNotifications = () => palette(page(), 'Notifications: Clear All Notifications');
  /** The Machine Identities view lists the identity (the picker offers the loaded ones), then the command picks it. */
  async function onIdentity(/** @type {string} */ label, /** @type {string} */ identity) {
    await wb().openContainer('Infisical');
    await wb()
      .view('Machine Identities')
      .getByRole('treeitem', { name: new RegExp(identity) })
      .waitFor({ timeout: 30_000 });
    await palette(page(), label);
    await wb().pick(identity);
  }
  /** @type {Record<string, string>} */
  const ids = {};
  /** The workspace file: the name the export suggests, accepted with Enter. */
  let FILE = '';
  const fileEditor = () => page().locator(`.monaco-editor[data-uri$="${FILE}"]`).first();
  const planEditor = () => page().locator(`.monaco-editor[data-uri^="infisical-plan:/${FILE}.plan"]`).first();
  /** The two save notifications, form and JSON document, compared at the end. */
  const saved = { form: '', json: '' };

  /**
   * A picture of what `regions` cover (their bounding boxes joined, 8 px around), into
   * test-results/ and, with INFISICAL_UPDATE_SCREENSHOTS=1, docs/screenshots/. `wide` closes
   * the side bar meanwhile (Ctrl+B), so the editors get its width.
   */
  async function docsShot(
    /** @type {string} */ name,
    /** @type {import('playwright-core').Locator[]} */ regions,
    wide = false,
  ) {
    if (wide) await page().keyboard.press('Control+B');
    await page().waitForTimeout(wide ? 800 : 400); // the layout and animations settle
    const boxes = [];
    for (const r of regions) {
      const box = await r.boundingBox();
      assert.ok(box, `${name}: its region is on screen`);
      boxes.push(box);
    }
    const viewport = page().viewportSize() ?? { width: 1280, height: 800 };
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 8);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 8);
    const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + 8);
    const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + 8);
    const clip = { x, y, width: right - x, height: bottom - y };
    await page().screenshot({ path: join(RESULTS, `${name}.png`), clip });
    if (process.env.INFISICAL_UPDATE_SCREENSHOTS === '1')
      await page().screenshot({ path: join(ROOT, 'docs', 'screenshots', `${name}.png`), clip });
    if (wide) {
      await page().keyboard.press('Control+B');
      await page().waitForTimeout(300);
    }
  }

  // Each step builds on the one before: after a failure the rest would only fail again.
  let broken = false;
  beforeEach(function () {
    if (broken) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken = true;
  });

  it('"Sign In…" from the palette offers the demo as its first row and signs nothing in by itself', async function () {
    this.timeout(60_000);
    const s = await state();
    ids[IDENTITY] = /** @type {string} */ (s.identities.find((i) => i.name === IDENTITY)?.id);
    ids[CONNECTION] = /** @type {string} */ (
      s.connections.find((c) => c.name === CONNECTION && !c.projectId)?.id
    );
    await wb().waitForExtension();
    await palette(page(), 'Infisical: Sign In…');
    await page()
      .locator('.quick-input-widget .quick-input-title', { hasText: '(1/4): site' })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const rows = page().locator('.quick-input-widget .monaco-list-row');
    assert.match(await rows.first().innerText(), /Sandbox demo/, 'the demo is the first row');
    assert.equal(
      await page().locator('.statusbar-item', { hasText: 'Sandbox demo' }).count(),
      0,
      'nothing signed in before the person picked',
    );
  });

  it('a wrong client secret: every step numbered on the path taken, refused with the reason', async function () {
    this.timeout(90_000);
    const wrong = 'not-the-right-secret';
    const titles = await wb().signInPrompts({ clientId: demo().clientId, clientSecret: wrong }, undefined);
    assert.deepEqual(titles, [
      'Sign in to Infisical (1/4): site',
      'Sign in to Infisical (2/5): server URL',
      'Sign in to Infisical (3/5): credentials',
      'Sign in to Infisical (4/6): client ID',
      'Sign in to Infisical (5/6): client secret',
    ]);
    const toast = wb().notification(
      /Universal Auth sign-in to 127\.0\.0\.1:\d+ was refused \(401\): .*Check the client ID and client secret/,
    );
    await toast.first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(!(await toast.first().innerText()).includes(wrong), 'the secret is not in the message');
    assert.equal(await page().locator('.statusbar-item', { hasText: PROFILE }).count(), 0, 'not signed in');
    await clearNotifications();
  });

  it('the right secret: the server URL of the failed attempt is offered again, and the profile signs in', async function () {
    this.timeout(90_000);
    await palette(page(), 'Infisical: Sign In…');
    await wb().pickTitled(/\(1\/4\): site/, 'Self-hosted');
    await page()
      .locator('.quick-input-widget .quick-input-title', { hasText: '(2/5): server URL' })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const box = page().locator('.quick-input-widget .quick-input-box input');
    assert.equal(await box.inputValue(), wb().sandbox.url, 'the URL typed before, prefilled');
    await docsShot('signin-steps', [page().locator('.quick-input-widget')]);
    await box.press('Enter');
    await wb().pickTitled(/\(3\/5\): credentials/, 'Machine identity (Universal Auth)');
    await wb().answer(/\(4\/6\): client ID/, demo().clientId);
    await wb().answer(/\(5\/6\): client secret/, demo().clientSecret);
    await wb().answer(/\(6\/6\): profile name/, PROFILE);
    await page().locator('.statusbar-item', { hasText: PROFILE }).first().waitFor({ timeout: 20_000 });
    await wb().openContainer('Infisical');
    await wb().treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 20_000 });
    // The view shown for the first time: the demo is not signed in on top of the person's profile.
    await page().waitForTimeout(1_000);
    assert.equal(await page().locator('.statusbar-item', { hasText: 'Sandbox demo' }).count(), 0);
  });

  it('the status-bar switcher ends with "Sign in to another account…"', async function () {
    this.timeout(30_000);
    await page().locator('.statusbar-item', { hasText: PROFILE }).first().click();
    const rows = page().locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    const texts = await rows.allInnerTexts();
    assert.match(texts[0] ?? '', new RegExp(PROFILE), texts.join(' | '));
    assert.match(texts.at(-1) ?? '', /Sign in to another account…/, texts.join(' | '));
    await page().keyboard.press('Escape');
    await page().locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('a form: no nudge over a valid resource, Save stays put as the summary grows, and the summary is the one confirmation', async function () {
    this.timeout(90_000);
    const frame = wb().webview();
    const field = (/** @type {string} */ id) => frame.locator(`#${id} input`).first();
    await clearNotifications();
    await onIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    await frame.locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    await frame.locator('#app:not([aria-busy="true"])').waitFor();
    const resource = await field('field-resource').inputValue();
    assert.match(resource, /^https:\/\/\S+$/, 'a non-empty, valid resource');
    assert.equal(
      await frame.locator('#resource-default').isVisible(),
      false,
      `no "Use https://management.azure.com/" over ${resource}`,
    );
    const saveBox = async () => {
      const b = await frame.locator('#save').boundingBox();
      assert.ok(b, 'Save is on screen');
      return b;
    };
    const before = await saveBox();
    const ttl = field('field-accessTokenTTL');
    await ttl.click();
    await page().keyboard.press('ControlOrMeta+A');
    await type(page(), '1800');
    assert.equal(await ttl.inputValue(), '1800');
    await frame.locator('#ttl-human', { hasText: '30m' }).waitFor();
    await frame.locator('#changes-list li').first().waitFor();
    assert.deepEqual(await saveBox(), before, 'the summary appeared: Save did not move');
    await docsShot('first-form-summary', [page().locator('.part.editor')]);
    await wb().control('DELETE', 'requests');
    await frame.locator('#save').click();
    const told = wb().notification(`Saved identity "${IDENTITY}" Azure Auth to Infisical: `).first();
    await told.waitFor({ timeout: 20_000 });
    saved.form = await told.innerText();
    assert.match(saved.form, /accessTokenTTL/);
    assert.equal(await page().locator('.monaco-dialog-box').count(), 0, 'no dialog after the summary');
    const auth = (await state()).azureAuths.find((a) => a.identityId === ids[IDENTITY]);
    assert.equal(auth?.accessTokenTTL, 1800);
    assert.equal((await writes()).length, 1, 'one PATCH');
  });

  it('a JSON document saved with Ctrl+S ends with the same notification', async function () {
    this.timeout(90_000);
    await clearNotifications();
    await onIdentity('Infisical: Edit Azure Auth as JSON', IDENTITY);
    await page().locator('.tab', { hasText: 'azure-auth.jsonc' }).waitFor({ timeout: 20_000 });
    const editor = page().locator('.monaco-editor[data-uri^="infisical:"]').first();
    const text = await shows(editor, /"accessTokenNumUsesLimit": \d+/);
    const line = text.split('\n').findIndex((l) => l.includes('"accessTokenNumUsesLimit"')) + 1;
    const current = /"accessTokenNumUsesLimit": (\d+)/.exec(text)?.[1] ?? '';
    await editor.locator('textarea.inputarea, .native-edit-context').first().focus();
    await goToLine(page(), line);
    await retype(editor, line, current, '3');
    await shows(editor, /"accessTokenNumUsesLimit": 3\b/);
    await page().keyboard.press('ControlOrMeta+S');
    // A JSON document keeps its dialog: it has no summary beside a Save button.
    await wb().dialogButton('Save').click({ timeout: 15_000 });
    const told = wb().notification(`Saved identity "${IDENTITY}" Azure Auth to Infisical: `).first();
    await told.waitFor({ timeout: 20_000 });
    saved.json = await told.innerText();
    assert.match(saved.json, /accessTokenNumUsesLimit/);
    const shape = (/** @type {string} */ s) => s.replace(/: [\w, ]+\.$/, ': <fields>.');
    assert.equal(shape(saved.json), shape(saved.form), `form: ${saved.form}\nJSON: ${saved.json}`);
    await palette(page(), 'View: Close All Editors');
  });

  it('"Export to Workspace File…" from the palette writes and opens the file', async function () {
    this.timeout(90_000);
    await clearNotifications();
    await palette(page(), 'Infisical: Export to Workspace File…');
    await wb().pick('Everything');
    const widget = page().locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: 'Export to a workspace file' })
      .waitFor({ state: 'visible', timeout: 30_000 });
    // The dialog fills in its folder first, then the suggested name.
    const box = widget.locator('.quick-input-box input');
    let suggested = '';
    for (const until = Date.now() + 15_000; !suggested.endsWith('.infisical-azure.json'); ) {
      assert.ok(Date.now() < until, `the dialog never suggested a name: ${suggested}`);
      await page().waitForTimeout(200);
      suggested = await box.inputValue();
    }
    await page().waitForTimeout(300);
    assert.ok(suggested.startsWith(`${workspace()}/`), `a file in the workspace folder: ${suggested}`);
    FILE = suggested.slice(workspace().length + 1);
    await page().keyboard.press('Enter');
    await page().locator('.tab', { hasText: FILE }).first().waitFor({ timeout: 30_000 });
    await topLens(fileEditor(), /^\s*Plan$/);
    const text = await readFile(join(workspace(), FILE), 'utf8');
    assert.match(text, new RegExp(`"name": "${CONNECTION}"`));
    assert.match(text, /"accessTokenTTL": "30m"/, 'the form’s save, pulled');
    assert.doesNotMatch(text, /"clientSecret"/, 'no secret written');
  });

  it('a client secret typed into the file leaves the text as its closing quote is typed: a reference stays, no file holds the secret', async function () {
    this.timeout(120_000);
    await clearNotifications();
    const lines = (await readFile(join(workspace(), FILE), 'utf8')).split('\n');
    const entry = lines.findIndex((l) => l.includes(`"name": "${CONNECTION}"`));
    const credentials = lines.findIndex((l, i) => i > entry && l.includes('"credentials": {')) + 1;
    assert.ok(entry >= 0 && credentials > entry, `${CONNECTION} has credentials in ${FILE}`);
    const secret = `typed-in-the-file-${Date.now()}`;
    await fileEditor().locator('textarea.inputarea, .native-edit-context').first().focus();
    await goToLine(page(), credentials);
    await page().keyboard.press('End');
    await page().keyboard.press('Enter');
    // VS Code closes each quote as it is opened and steps over it when typed again; Escape
    // closes the suggestions.
    await type(page(), '"clientSecret');
    await page().keyboard.press('Escape');
    await type(page(), '": "');
    await type(page(), secret);
    await type(page(), '",');
    const text = await shows(fileEditor(), /"clientSecret": \{ "env": "[A-Z0-9_]+" \},/);
    assert.ok(!text.includes(secret), 'the editor no longer shows the secret');
    const told = wb()
      .notification(/the value left the file for VS Code's SecretStorage/)
      .first();
    await told.waitFor({ timeout: 15_000 });
    const name = /"clientSecret": \{ "env": "([A-Z0-9_]+)" \}/.exec(text)?.[1];
    assert.match(
      await told.innerText(),
      new RegExp(`${CONNECTION}: credentials\\.clientSecret is now \\{ "env": "${name}" \\}`),
      'it names the resource and the reference',
    );
    for (const until = Date.now() + 15_000; ; await page().waitForTimeout(250)) {
      const onDisk = await readFile(join(workspace(), FILE), 'utf8');
      if (/"clientSecret": \{ "env": "[A-Z0-9_]+" \}/.test(onDisk)) break;
      assert.ok(Date.now() < until, 'auto-save wrote the reference');
    }
    const holding = [];
    for await (const [path, content] of files(wb().server.tempDir))
      if (content.includes(secret)) holding.push(path);
    assert.deepEqual(holding, [], 'no file (workspace, Local History, backups) holds the secret');
  });

  it('a client secret committed to a file by someone else: one problem, naming the resource, suggests the reference the schema’s example follows, and Ctrl+. moves it there', async function () {
    this.timeout(120_000);
    await clearNotifications();
    // The teammate's file: the exported staging-entra-graph entry with its client secret in the text.
    const exported = JSON.parse(await readFile(join(workspace(), FILE), 'utf8'));
    const connection = exported.connections.find((/** @type {{ name: string }} */ c) => c.name === COMMITTED);
    const committed = `committed-by-a-teammate-${Date.now()}`;
    connection.credentials = { clientSecret: committed, ...connection.credentials };
    const teammate = 'teammate.infisical-azure.json';
    const body = { site: exported.site, organization: exported.organization, connections: [connection] };
    await writeFile(join(workspace(), teammate), `${JSON.stringify(body, null, 2)}\n`);
    await page().keyboard.press('Control+P');
    await page().locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await type(page(), teammate);
    await page()
      .locator('.quick-input-widget .monaco-list-row', { hasText: teammate })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await page().keyboard.press('Enter');
    const editor = page().locator(`.monaco-editor[data-uri$="${teammate}"]`).first();
    await editor.waitFor({ timeout: 15_000 });
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
    const line =
      (await readFile(join(workspace(), teammate), 'utf8'))
        .split('\n')
        .findIndex((l) => l.includes(committed)) + 1;
    await editor.locator('textarea.inputarea, .native-edit-context').first().focus();
    await goToLine(page(), line);
    await page().keyboard.press('End');
    for (let i = 0; i < 3; i++) await page().keyboard.press('ArrowLeft');
    // Show Hover from the keyboard (Ctrl+K Ctrl+I).
    await page().keyboard.press('Control+K');
    await page().keyboard.press('Control+I');
    // The problem names the resource, not its position in the file.
    const written = `${COMMITTED}: credentials.clientSecret is written into the file`;
    const hover = page().locator('.monaco-hover', { hasText: written });
    await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
    const message = await hover.first().innerText();
    assert.ok(!message.includes(committed), 'the problem never shows the secret');
    assert.equal(message.split(written).length - 1, 1, `one message at the secret:\n${message}`);
    assert.doesNotMatch(
      message,
      /Incorrect type/,
      `no second message from the JSON language server:\n${message}`,
    );
    const env = /\{ "env": "([A-Z0-9_]+)" \}/.exec(message)?.[1];
    assert.ok(env, `the problem suggests a reference: ${message}`);
    // The name the JSON Schema shows as its example, by the same rule: azure-prod → AZURE_PROD_CLIENT_SECRET.
    const schema = await readFile(join(ROOT, 'schemas', 'infisical-azure.schema.json'), 'utf8');
    assert.ok(schema.includes('"AZURE_PROD_CLIENT_SECRET"'), "the schema's example");
    assert.equal(env, `${COMMITTED.toUpperCase().replaceAll('-', '_')}_CLIENT_SECRET`);
    // The side bar stays: closing it would close the hover.
    await docsShot('first-secret-problem', [
      editor.locator('.view-line', { hasText: '"clientSecret"' }),
      hover.first(),
    ]);
    await page().keyboard.press('Escape');
    await quickFix(page(), 'Move clientSecret to VS Code');
    await page()
      .locator('.quick-input-widget .quick-input-title', {
        hasText: "Move clientSecret to VS Code's SecretStorage",
      })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const name = page().locator('.quick-input-widget .quick-input-box input');
    assert.equal(await name.inputValue(), env, 'the name the problem suggested, filled in');
    await page().keyboard.press('Enter');
    await shows(editor, new RegExp(`"clientSecret": \\{ "env": "${env}" \\},`));
    await editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 15_000 });
    for (const until = Date.now() + 15_000; ; await page().waitForTimeout(250)) {
      const onDisk = await readFile(join(workspace(), teammate), 'utf8');
      if (onDisk.includes(`"env": "${env}"`) && !onDisk.includes(committed)) break;
      assert.ok(Date.now() < until, 'auto-save wrote the reference, not the secret');
    }
    await palette(page(), 'View: Close Editor');
  });

  it('plan and apply: the plan lists the edit before → after; apply sends it; the next plan has nothing left', async function () {
    this.timeout(120_000);
    await clearNotifications();
    const lines = (await readFile(join(workspace(), FILE), 'utf8')).split('\n');
    const entry = lines.findIndex((l) => l.includes(`"name": "${IDENTITY}"`));
    const ttl = lines.findIndex((l, i) => i > entry && l.includes('"accessTokenTTL": "30m"')) + 1;
    assert.ok(ttl > entry, `${IDENTITY}'s TTL in ${FILE}`);
    await fileEditor().locator('textarea.inputarea, .native-edit-context').first().focus();
    await goToLine(page(), ttl);
    await retype(fileEditor(), ttl, '"30m"', '45m');
    await shows(fileEditor(), /"accessTokenTTL": "45m"/);
    // One trusted IP removed from its list: the line deleted with Ctrl+Shift+K.
    const ip = lines.findIndex((l, i) => i > entry && l.includes('"192.168.1.10",')) + 1;
    assert.ok(ip > entry && ip < ttl, `${IDENTITY} trusts 192.168.1.10`);
    await goToLine(page(), ip);
    await page().keyboard.press('Control+Shift+K');
    await shows(fileEditor(), /"10\.0\.0\.0\/8",\n\s*"2001:db8::\/32"/);
    await page().keyboard.press('Control+S');
    await page().locator('.tab.dirty', { hasText: FILE }).waitFor({ state: 'detached', timeout: 10_000 });
    await wb().control('DELETE', 'requests');
    // A click during the CodeLens' redraw after the save does nothing: a person clicks again.
    let plan = '';
    for (let attempt = 1; !plan; attempt++) {
      await (await topLens(fileEditor(), /^\s*Plan/)).click({ timeout: 15_000 });
      plan = await shows(planEditor(), /Plan: 1 to update/, attempt < 3 ? 8_000 : 30_000).catch((e) => {
        if (attempt >= 3) throw e;
        return '';
      });
    }
    assert.match(plan, new RegExp(`~ identity "${IDENTITY}" Azure Auth`));
    assert.match(plan, /accessTokenTTL: 1800 \(30m\) → 2700 \(45m\)/);
    // A list's change is its entries removed and added, one a line, not both whole lists.
    assert.match(plan, /accessTokenTrustedIps[^\n]*\n\s+- 192\.168\.1\.10\n/);
    assert.doesNotMatch(plan, /10\.0\.0\.0\/8/, 'the entries kept are not listed');
    // Notes under their resource, counts in the right number, the summary line last.
    assert.match(
      plan,
      new RegExp(
        `= connection "${CONNECTION}"[^\\n]*\\n( +[^\\n]*\\n)*? +note: Infisical rotates this client secret itself`,
      ),
    );
    assert.match(plan, /^= \d+ unchanged resources not listed$/m);
    assert.match(
      plan.trim().split('\n').at(-1) ?? '',
      /^Plan: 1 to update, \d+ unchanged\.$/,
      'the summary is the last line',
    );
    assert.equal((await writes()).length, 0, 'a plan only reads');
    await docsShot(
      'first-plan',
      [page().locator('.editor-group-container').filter({ has: planEditor() })],
      true,
    );
    await (await topLens(fileEditor(), /Apply 1 change/)).click({ timeout: 15_000 });
    await wb().dialogButton('Apply').click({ timeout: 15_000 });
    await wb().notification('Apply: 1 applied.').first().waitFor({ timeout: 30_000 });
    const sent = await writes();
    assert.deepEqual(
      sent.map((r) => [r.method, r.path]),
      [['PATCH', `/api/v1/auth/azure-auth/identities/${ids[IDENTITY]}`]],
      'one PATCH: the secret moved to SecretStorage is not sent by a plain plan',
    );
    const auth = (await state()).azureAuths.find((a) => a.identityId === ids[IDENTITY]);
    assert.equal(auth?.accessTokenTTL, 2700);
    assert.deepEqual(
      auth?.accessTokenTrustedIps.map((i) => i.ipAddress),
      ['10.0.0.0', '2001:db8::'],
    );
    await (await topLens(fileEditor(), /^\s*Plan/)).click({ timeout: 15_000 });
    await shows(planEditor(), /No changes\. \d+ resources are in sync with the server\./, 30_000);
  });
});
