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
});
