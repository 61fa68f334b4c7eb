// @ts-check
// A self-hosted Infisical of June 2025 (the sandbox as that server: `run-e2e.mjs --server
// 2025-06`, stage e2e-legacy), as a person meets it, every answer typed key by key: sign-in with
// the Universal Auth pair and with a token, both trees, an Azure Auth TTL from the JSON editor
// and from the form, an OAuth connection's description from both, rotation offered nowhere and
// each place saying why, export → plan → apply → plan, and at the end no secret typed in left in
// any file or browser storage. The walk of the real server (test/real/walk.mjs) takes the same
// steps with the same keystrokes (Person). Registered on that profile only: on the current one
// rotation exists and the seed differs, and these flows are the other scenarios'.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineOf, Person } from '../real/person.mjs';
import { assertNowhere, browserProfileDir, LEGACY, useWorkbench } from './harness.mjs';

const IDENTITY = 'aks-prod-workload';
const OAUTH = 'contoso-oauth-admin';
const FILE = 'contoso.infisical-azure.json';
/** What the form and the JSON document say of rotation there. */
const FORM_NO_ROTATION =
  'This Infisical server does not support rotation of connections (it is older than the feature): upgrading the server adds it.';
const DOCUMENT_NO_ROTATION =
  'does not support rotation of connections (the server is older than the feature)';

/** @typedef {{ orgId: string, clientId: string, clientSecret: string, staticToken: string }} Demo */
/** @typedef {{ id: string, name: string, description: string | null, method: string, app: string }} Connection */
/** @typedef {{ identities: { id: string, name: string }[], azureAuths: { identityId: string, accessTokenTTL: number }[], connections: Connection[] }} State */

if (LEGACY)
  describe('A June 2025 server: sign-in, trees, edits, no rotation, a workspace file, no secret left', () => {
    const wb = useWorkbench('compatibility');
    const person = () => new Person(wb());
    const page = () => wb().page;
    const demo = () => /** @type {Demo} */ (/** @type {unknown} */ (wb().sandbox.demo));
    const state = async () => /** @type {State} */ (await wb().control('GET', 'state'));
    const identityId = async () => (await state()).identities.find((i) => i.name === IDENTITY)?.id ?? '';
    const serverTtl = async () => {
      const id = await identityId();
      return (await state()).azureAuths.find((a) => a.identityId === id)?.accessTokenTTL;
    };
    const serverDescription = async () =>
      (await state()).connections.find((c) => c.name === OAUTH)?.description;
    const editor = () => page().locator('.editor-instance .monaco-editor').first();
    const webview = () => wb().webview();
    /** @type {string} */
    let profileDir = '';

    /** Polls the sandbox until `read` gives `want`. */
    async function serverHolds(/** @type {() => Promise<unknown>} */ read, /** @type {unknown} */ want) {
      const end = Date.now() + 20_000;
      for (;;) {
        const got = await read();
        if (got === want) return;
        assert.ok(Date.now() < end, `the server holds ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
        await page().waitForTimeout(200);
      }
    }

    /** A form's change summary is its one confirmation: Save sends, then says so. */
    async function formSaved() {
      await person().until(person().toast(/Saved .* to Infisical/), 'the "Saved …" notification');
    }

    async function confirmSave() {
      await person().until(wb().dialogButton('Save'), 'the save confirmation');
      await wb().dialogButton('Save').click();
    }

    /** Opens a resource from the palette: the command typed, the resource's name typed. */
    async function open(/** @type {string} */ command, /** @type {string} */ name) {
      await person().command('View: Close All Editors');
      await person().clearNotifications();
      await person().command(command);
      await person().choose(name);
    }

    async function openForm(
      /** @type {string} */ command,
      /** @type {string} */ name,
      /** @type {string} */ kind,
    ) {
      await open(command, name);
      await webview().locator(`#form[data-resource="${kind}"]`).waitFor({ timeout: 30_000 });
      await webview().locator('#app:not([aria-busy="true"])').waitFor({ timeout: 30_000 });
    }

    /** Scrolls a view's list until the row shows, as a person would (only rows in view render). */
    async function scrollTo(
      /** @type {import('playwright-core').Locator} */ view,
      /** @type {import('playwright-core').Locator} */ row,
    ) {
      await view.locator('.monaco-list').first().hover();
      for (let i = 0; i < 40 && !(await row.first().isVisible()); i++) {
        await page().mouse.wheel(0, 300);
        await page().waitForTimeout(150);
      }
      await row.first().waitFor({ state: 'visible', timeout: 10_000 });
    }

    it('the browser profile is known (for the search at the end)', async () => {
      profileDir = await browserProfileDir(wb());
    });

    it('"Sign In" in the welcome view, the Universal Auth pair typed: the profile is named by the organization id', async function () {
      this.timeout(120_000);
      await wb().waitForExtension(60_000);
      await wb().openContainer('Infisical');
      await wb().view('App Connections').getByRole('button', { name: 'Sign In' }).click();
      const suggested = await person().signIn(wb().sandbox.url, demo(), '');
      // No route of that server names the organization to a machine identity.
      assert.equal(suggested, demo().orgId);
      await person().until(wb().treeItem('Azure Client Secrets'), 'the App Connections tree', 60_000);
      await page().locator('.statusbar-item', { hasText: demo().orgId }).first().waitFor({ timeout: 20_000 });
    });

    it('a second profile from a pasted access token: the status bar shows it, nothing went wrong', async function () {
      this.timeout(120_000);
      await wb().control('DELETE', 'requests');
      await person().command('Infisical: Sign In…');
      const suggested = await person().signIn(
        wb().sandbox.url,
        { accessToken: demo().staticToken },
        'Contoso token',
      );
      assert.equal(suggested, `${demo().orgId} 2`);
      await page()
        .locator('.statusbar-item', { hasText: 'Contoso token' })
        .first()
        .waitFor({ timeout: 30_000 });
      // The views reload for the new profile: its list answered, the rows drawn again. A click
      // on the old rows meanwhile can be lost to the redraw (a collapsed "Projects", once).
      await wb().request('GET', '/api/v1/app-connections', (r) => r.status === 200, 30_000);
      await page().waitForTimeout(500);
      assert.deepEqual(await person().problems(), []);
    });

    it('App Connections: OAuth connections only; a project from /workspace, expanded, says it has no connections', async () => {
      const view = wb().view('App Connections');
      for (const name of [OAUTH, 'unicode-description'])
        await person().until(view.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) }), name);
      // The current server's client-secret and project connections are not on that server.
      for (const name of ['legacy-sp-secret', 'payments-oauth'])
        assert.equal(await view.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) }).count(), 0, name);
      const projects = view.getByRole('treeitem', { name: /^Projects/ });
      await scrollTo(view, projects);
      await projects.first().click();
      await view
        .locator('[role="treeitem"][aria-expanded="true"]', { hasText: /^Projects/ })
        .waitFor({ timeout: 10_000 });
      const project = view.getByRole('treeitem', { name: /^Payments API/ });
      await scrollTo(view, project);
      await project.first().click();
      await scrollTo(view, view.getByRole('treeitem', { name: /No app connections in this project/ }));
    });

    it('Machine Identities lists the identities', async () => {
      const view = wb().view('Machine Identities');
      const header = view.locator('.pane-header');
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      await person().until(view.getByRole('treeitem', { name: new RegExp(`^${IDENTITY}\\b`) }), IDENTITY);
    });

    it('an Azure Auth TTL retyped in the JSON editor, Ctrl+S, confirmed: the server holds it', async function () {
      this.timeout(120_000);
      const next = (await serverTtl()) === 1800 ? 2700 : 1800;
      await open('Infisical: Edit Azure Auth as JSON', IDENTITY);
      await page().locator('.tab', { hasText: 'azure-auth.jsonc' }).waitFor({ timeout: 30_000 });
      const text = await person().shows(editor(), /"accessTokenTTL"/);
      const line = lineOf(text, '"accessTokenTTL"');
      await person().retypeValue(editor(), line, text.split('\n')[line - 1] ?? '', String(next));
      await person().shows(editor(), new RegExp(`"accessTokenTTL": ${next}`));
      await page().keyboard.press('Control+S');
      await confirmSave();
      await serverHolds(serverTtl, next);
      await page()
        .locator('.tab.dirty', { hasText: 'azure-auth.jsonc' })
        .waitFor({ state: 'detached', timeout: 15_000 });
    });

    it('the same TTL typed over in the form (Ctrl+A), saved (the summary is the one confirmation): the server holds it', async function () {
      this.timeout(120_000);
      const shown = String(await serverTtl());
      const next = shown === '1200' ? 900 : 1200;
      await openForm('Infisical: Edit Azure Auth…', IDENTITY, 'azure-auth');
      const field = webview().locator('#field-accessTokenTTL input').first();
      assert.equal(await field.inputValue(), shown);
      await field.click();
      await page().keyboard.press('Control+A');
      await person().type(String(next));
      await webview()
        .locator('#changes-summary', { hasText: /1 change/ })
        .waitFor({ timeout: 10_000 });
      await webview().locator('#save').click();
      await formSaved();
      await serverHolds(serverTtl, next);
    });

    const description = 'Re-authorized in June';
    it('an OAuth connection’s description retyped in the JSON editor: the server holds it', async function () {
      this.timeout(120_000);
      await open('Infisical: Edit Connection as JSON', OAUTH);
      await page()
        .locator('.tab', { hasText: `${OAUTH}.jsonc` })
        .waitFor({ timeout: 30_000 });
      const text = await person().shows(editor(), /"description"/);
      const line = lineOf(text, '"description"');
      await person().retypeValue(editor(), line, text.split('\n')[line - 1] ?? '', `"${description}"`);
      await person().shows(editor(), new RegExp(`"description": "${description}"`));
      await page().keyboard.press('Control+S');
      await confirmSave();
      await serverHolds(serverDescription, description);
    });

    it('the description continued in the form: the server holds it', async function () {
      this.timeout(120_000);
      await openForm('Infisical: Edit Connection…', OAUTH, 'connection');
      const field = webview().locator('#field-description textarea, #field-description input').first();
      assert.equal(await field.inputValue(), description);
      await field.click();
      await page().keyboard.press('End');
      await person().type(' (form)');
      await webview()
        .locator('#changes-summary', { hasText: /1 change/ })
        .waitFor({ timeout: 10_000 });
      await webview().locator('#save').click();
      await formSaved();
      await serverHolds(serverDescription, `${description} (form)`);
    });

    it('the form offers no rotation and says why', async () => {
      await openForm('Infisical: Edit Connection…', OAUTH, 'connection');
      const section = webview().locator('#section-rotation');
      const said = (await section.innerText({ timeout: 15_000 })).replace(/\s+/g, ' ');
      assert.ok(said.includes(FORM_NO_ROTATION), said);
      assert.equal(
        await webview().locator('#field-isAutoRotationEnabled, [id^="field-rotation"]').count(),
        0,
        'no rotation field',
      );
    });

    it('the JSON document has no rotation key, and one typed in is a problem that says why', async function () {
      this.timeout(120_000);
      await open('Infisical: Edit Connection as JSON', OAUTH);
      const text = await person().shows(editor(), /"name"/);
      assert.deepEqual(
        text.split('\n').filter((l) => /rotation/i.test(l) && !/^\s*\/\//.test(l)),
        [],
        'no rotation key in the document',
      );
      // A line typed above "name", as a person who knows newer servers would.
      await editor().locator('textarea.inputarea, .native-edit-context').first().focus();
      await page().keyboard.press('Control+G');
      await person().inputFocused();
      await person().type(String(lineOf(text, '"name"')));
      await page().keyboard.press('Enter');
      await page().keyboard.press('Home');
      await person().type('"isAutoRotationEnabled": true,');
      await page().keyboard.press('Enter');
      await person().shows(editor(), /"isAutoRotationEnabled": true,/);
      // F8: the next problem, shown under its line.
      const problem = page().locator('.marker-widget', { hasText: /rotation/ });
      for (let end = Date.now() + 20_000; !(await problem.first().isVisible()); ) {
        assert.ok(Date.now() < end, 'no problem shown for the rotation key');
        await page().keyboard.press('F8');
        await page().waitForTimeout(500);
      }
      const said = (await problem.first().innerText()).replace(/\s+/g, ' ');
      assert.ok(said.includes(DOCUMENT_NO_ROTATION), said);
      await page().keyboard.press('Escape');
      await person().command('File: Revert File');
    });

    it('"Rotate Connection Credentials Now…" offers no connection and says why', async () => {
      await person().command('View: Close All Editors');
      await person().command('Infisical: Rotate Connection Credentials Now…');
      const row = person().quickInput.locator('.monaco-list-row', { hasText: /No connection can rotate/ });
      await row.first().waitFor({ timeout: 15_000 });
      assert.match(
        await row.first().innerText(),
        /this server’s connections have no automatic rotation \(the server is older than the feature\)/,
      );
      await page().keyboard.press('Escape');
    });

    it('Export to Workspace File… › Everything → plan "No changes" → a TTL typed → plan → apply → plan "No changes"', async function () {
      this.timeout(300_000);
      const workspace = join(wb().server.tempDir, 'workspace');
      await person().command('View: Close All Editors');
      await person().clearNotifications();
      await person().command('Infisical: Export to Workspace File…');
      await person().choose('Everything');
      await person().saveAs('Export to a workspace file', /\.infisical-azure\.json$/, join(workspace, FILE));
      await person().until(page().locator('.tab', { hasText: FILE }), 'the exported file', 30_000);
      await person()
        .toast(/^Exported /)
        .first()
        .waitFor({ timeout: 15_000 });
      const text = await readFile(join(workspace, FILE), 'utf8');
      assert.ok(!/rotation/i.test(text), 'the export writes no rotation key');
      const fileEditor = page().locator(`.monaco-editor[data-uri$="${FILE}"]`).first();
      const plan = page().locator('.monaco-editor[data-uri^="infisical-plan:"]').first();

      await person().command('Infisical: Plan Workspace File');
      await person().shows(plan, /No changes\./, 60_000);

      await page().locator('.tab', { hasText: FILE }).first().click();
      const entry = lineOf(text, `"name": "${IDENTITY}"`);
      const ttlLine = text.split('\n').findIndex((l, i) => i >= entry && l.includes('"accessTokenTTL"')) + 1;
      await person().retypeValue(fileEditor, ttlLine, text.split('\n')[ttlLine - 1] ?? '', '"45m"');
      await page().keyboard.press('Control+S');
      await person().command('Infisical: Plan Workspace File');
      await person().shows(plan, /Plan: 1 to update/, 60_000);
      await person().command('Infisical: Apply Plan of Workspace File…');
      await person().until(wb().dialogButton('Apply'), 'the apply confirmation');
      await wb().dialogButton('Apply').click();
      await person().until(person().toast(/^Apply: 1 applied/), 'the apply summary', 60_000);
      await serverHolds(serverTtl, 45 * 60);
      await person().command('Infisical: Plan Workspace File');
      await person().shows(plan, /No changes\./, 60_000);
    });

    it('the client secret and the token typed in are in no file, browser profile or browser storage', async () => {
      await assertNowhere(wb(), profileDir, 'after the walk', [demo().clientSecret, demo().staticToken]);
    });
  });
