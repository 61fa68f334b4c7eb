// @ts-check
// A first-time user opens VS Code with the extension installed and finds it in the activity bar.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useWorkbench } from './harness.mjs';

/**
 * The first paragraph of the welcome the manifest gives the App Connections view: the
 * wording is the product's to change, the scenario checks that a user gets to see it.
 */
function welcomeLead() {
  /** @type {{ contributes: { viewsWelcome: { view: string, contents: string }[] } }} */
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const entry = manifest.contributes.viewsWelcome.find((w) => w.view === 'infisical.connections');
  assert.ok(entry, 'package.json has no viewsWelcome entry for infisical.connections');
  return /** @type {string} */ (entry.contents.split('\n')[0]);
}

describe('Welcome: the Infisical container and its welcome view', () => {
  const wb = useWorkbench('welcome');

  it('the workbench shows an "Infisical" activity-bar entry', async () => {
    await wb().waitForExtension();
    assert.equal(await wb().activityBarEntry('Infisical').count(), 1);
  });

  it('clicking it shows "App Connections" with the welcome text', async () => {
    await wb().openContainer('Infisical');
    const view = wb().view('App Connections');
    await view.waitFor({ state: 'visible', timeout: 15_000 });
    const welcome = view.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await welcome.innerText();
    const lead = welcomeLead();
    assert.ok(text.includes(lead), `welcome view shows:\n${text}\nexpected it to include:\n${lead}`);
  });

  it('before any sign-in, a workspace-file command from the palette says so first, and its "Sign In" starts the sign-in', async () => {
    await wb().runCommand('Infisical: Export to Workspace File…');
    const told = wb().toast('Sign in to Infisical first: the export reads the server.');
    await told.first().waitFor({ timeout: 15_000 });
    assert.equal(
      await wb()
        .page.locator('.quick-input-widget .quick-input-title', { hasText: 'Export to a workspace file' })
        .count(),
      0,
      'nothing was asked before',
    );
    await told.first().getByRole('button', { name: 'Sign In' }).click();
    // The sign-in's first question: which Infisical.
    await wb()
      .page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Self-hosted' })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await wb().page.keyboard.press('Escape');
  });
});

describe('`npm start`, the palette first: "Sign In" offers the demo profile first', () => {
  const wb = useWorkbench('welcome-demo', { demoProfile: true });

  it('a workspace-file command before the views were opened: "Sign In" on its error offers the demo as the first row, and picking it signs in', async () => {
    await wb().waitForExtension();
    await wb().runCommand('Infisical: Export to Workspace File…');
    const told = wb().toast('Sign in to Infisical first: the export reads the server.');
    await told.first().waitFor({ timeout: 15_000 });
    await told.first().getByRole('button', { name: 'Sign In' }).click();
    const rows = wb().page.locator('.quick-input-widget .monaco-list-row');
    await wb()
      .page.locator('.quick-input-widget .quick-input-title', { hasText: '(1/4): site' })
      .waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await rows.first().innerText(), /Sandbox demo/, 'the demo is the first row');
    assert.equal(
      await wb().page.locator('.statusbar-item', { hasText: 'Sandbox demo' }).count(),
      0,
      'nothing signed in before the person picked',
    );
    await wb().page.keyboard.press('Enter');
    await wb()
      .page.locator('.statusbar-item', { hasText: 'Sandbox demo' })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    // Signed in: the same command now asks what to export.
    await wb().runCommand('Infisical: Export to Workspace File…');
    await wb()
      .page.locator('.quick-input-widget .quick-input-title', { hasText: 'Export to a workspace file' })
      .waitFor({ state: 'visible', timeout: 15_000 });
    await wb().page.keyboard.press('Escape');
  });

  it('"Plan All Workspace Files" in a workspace without any: says so and offers the export', async () => {
    await wb().runCommand('Infisical: Plan All Workspace Files');
    const told = wb().toast('No workspace file (*.infisical-azure.json) in this workspace yet');
    await told.first().waitFor({ timeout: 15_000 });
    assert.equal(await wb().errorToasts().count(), 0, 'not an error');
    await told.first().getByRole('button', { name: 'Export to Workspace File…' }).click();
    await wb()
      .page.locator('.quick-input-widget .quick-input-title', { hasText: 'Export to a workspace file' })
      .waitFor({ state: 'visible', timeout: 15_000 });
    await wb().page.keyboard.press('Escape');
  });
});
