// @ts-check
// Project-scoped connections and the palette pickers, as a person uses them: expand "Projects"
// and a project, edit one of its Azure connections in the form; run "Edit Azure Auth as JSON"
// from the palette, type to search the server, see only identities with Azure Auth, pick one.
import * as assert from 'node:assert/strict';
import { useWorkbench } from './harness.mjs';

const PROJECT = 'Edge Certificates';
const CONNECTION = 'edge-acme-entra';

/** @typedef {{ connections: { id: string, name: string, description: string | null, projectId: string | null }[] }} State */

describe('Project-scoped connections and pickers', () => {
  const wb = useWorkbench('projects', { demoProfile: true });
  const page = () => wb().page;
  const pause = (/** @type {number} */ ms) => page().waitForTimeout(ms);
  /** Types key by key at a person's pace. */
  const type = (/** @type {string} */ text) => page().keyboard.type(text, { delay: 70 });
  const quickInput = () => page().locator('.quick-input-widget .quick-input-box input');
  const row = (/** @type {string | RegExp} */ text) =>
    page().locator('.quick-input-widget .monaco-list-row', { hasText: text });

  /** F1, the command typed as a person types it, Enter. */
  async function palette(/** @type {string} */ command) {
    await page().keyboard.press('F1');
    await quickInput().waitFor({ state: 'visible' });
    await type(command);
    await row(command).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page().keyboard.press('Enter');
  }

  /** Until the sandbox has answered a server-side identity search for `text`. */
  async function searched(/** @type {string} */ text) {
    const until = Date.now() + 15_000;
    for (;;) {
      const log =
        /** @type {{ requests: { path: string, query: Record<string, string>, status: number }[] }} */ (
          await wb().control('GET', 'requests')
        );
      const hit = log.requests.some(
        (r) => r.path.endsWith('/identity-memberships') && r.query.search === text && r.status === 200,
      );
      if (hit) return;
      if (Date.now() > until) assert.fail(`the server was never searched for "${text}"`);
      await pause(100);
    }
  }

  it('"Projects" lists the projects; a project shows its connections when expanded', async () => {
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    const view = wb().view('App Connections');
    const azure = view.getByRole('treeitem', { name: /^Azure Client Secrets/ }).first();
    await azure.waitFor({ timeout: 30_000 });
    // Room for the projects: the identities' pane folded, the organization's Azure group closed.
    await wb().view('Machine Identities').locator('.pane-header').click();
    await azure.click();
    await pause(300);
    // The tree draws only the rows in sight: End goes to the last one, "Projects".
    await page().keyboard.press('End');
    const projects = view.getByRole('treeitem', { name: /^Projects/ });
    await projects.waitFor({ timeout: 10_000 });
    await pause(300);
    await projects.click();
    const project = view.getByRole('treeitem', { name: new RegExp(`^${PROJECT}`) });
    await project.waitFor({ timeout: 20_000 });
    await pause(300);
    await project.click();
    const connection = view.getByRole('treeitem', { name: new RegExp(`^${CONNECTION}`) });
    await connection.waitFor({ timeout: 20_000 });
    await connection.scrollIntoViewIfNeeded();
    await wb().screenshot('projects-tree');
  });

  it('one of its Azure connections is edited in the form, like an organization-level one', async () => {
    const view = wb().view('App Connections');
    await view.getByRole('treeitem', { name: new RegExp(`^${CONNECTION}`) }).click();
    const frame = wb().webview();
    await frame.locator('#form[data-resource="connection"]').waitFor({ timeout: 30_000 });
    await frame.locator('#app:not([aria-busy="true"])').waitFor();
    const description = frame.locator('#field-description textarea, #field-description input').first();
    await description.click();
    await pause(200);
    await page().keyboard.press('Control+A');
    await pause(100);
    await page().keyboard.press('Backspace');
    await pause(150);
    await type('Issued by the edge team.');
    assert.equal(await description.inputValue(), 'Issued by the edge team.');
    await frame.locator('#changes-summary', { hasText: /1 change/ }).waitFor();
    await wb().screenshot('projects-edit-form');
    await frame.locator('#save').click();
    const until = Date.now() + 20_000;
    for (;;) {
      const state = /** @type {State} */ (await wb().control('GET', 'state'));
      const stored = state.connections.find((c) => c.name === CONNECTION);
      assert.ok(stored?.projectId, 'the connection is project-scoped');
      if (stored.description === 'Issued by the edge team.') break;
      if (Date.now() > until) assert.fail(`never saved: ${JSON.stringify(stored)}`);
      await pause(100);
    }
    await wb().screenshot('projects-edit-saved');
  });

  it('"Edit Azure Auth as JSON" searches the server as one types and offers only identities with Azure Auth', async () => {
    await page().keyboard.press('Escape');
    await wb().control('DELETE', 'requests');
    await palette('Infisical: Edit Azure Auth as JSON');
    await page().locator('.quick-input-title', { hasText: 'Edit the Azure Auth of an identity' }).waitFor();
    await type('data');
    await searched('data');
    await row('data-factory-etl').first().waitFor({ timeout: 15_000 });
    assert.equal(await row('data-sync').count(), 0, 'an identity without Azure Auth is not offered');
    await wb().screenshot('picker-search');

    await type('-nothing');
    const none = row('No identity with Azure Auth matches "data-nothing" — Attach Azure Auth…');
    await none.first().waitFor({ timeout: 15_000 });
    await wb().screenshot('picker-empty');

    for (let i = 0; i < '-nothing'.length; i++) {
      await page().keyboard.press('Backspace');
      await pause(60);
    }
    await row('data-factory-etl').first().waitFor({ timeout: 15_000 });
    await page().keyboard.press('Enter');
    await page().locator('.tab', { hasText: 'azure-auth.jsonc' }).first().waitFor({ timeout: 20_000 });
    await wb().screenshot('picker-picked');
  });
});
