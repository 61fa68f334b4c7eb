// @ts-check
// A platform engineer signs in through the welcome view, browses both trees, pages identities,
// gets a precise error for a wrong secret, adds a second organization from the status bar's
// switcher (the URL typed before offered again) and switches between them.
// On both servers (`run-e2e.mjs --server 2025-06`).
import * as assert from 'node:assert/strict';
import { LEGACY, useWorkbench } from './harness.mjs';

/** @typedef {{ orgId: string, orgName: string }} Org */
/** @typedef {Org & { clientId: string, clientSecret: string, second: Org & { clientId: string, clientSecret: string } }} Demo */

/**
 * An organization's name as a profile learns it. No route of the June 2025 server names the
 * organization to a machine identity: the product shows its id there.
 */
const orgName = (/** @type {Org} */ org) => (LEGACY ? org.orgId : org.orgName);

describe('Sign in and browse both trees', () => {
  const wb = useWorkbench('signin', { settings: { 'infisical.identities.pageSize': 20 } });
  const demo = () => /** @type {Demo} */ (/** @type {unknown} */ (wb().sandbox.demo));

  const signIn = (
    /** @type {{ clientId: string, clientSecret: string }} */ creds,
    /** @type {string | undefined} */ name,
  ) => wb().signInPrompts(creds, name);
  const pick = (/** @type {string} */ text) => wb().pick(text);

  it('"Sign In" in the welcome view walks through site, URL and Universal Auth', async () => {
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    const button = wb().view('App Connections').getByRole('button', { name: 'Sign In' });
    await button.click();
    const titles = await signIn(demo(), '');
    // Each step numbered on the path it is on; the name step is the last one counted.
    assert.deepEqual(titles, [
      'Sign in to Infisical (1/4): site',
      'Sign in to Infisical (2/5): server URL',
      'Sign in to Infisical (3/5): credentials',
      'Sign in to Infisical (4/6): client ID',
      'Sign in to Infisical (5/6): client secret',
      'Sign in to Infisical (6/6): profile name',
    ]);
    await wb().treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('the connections tree shows the demo data, Azure Client Secrets first', async () => {
    const groups = wb().view('App Connections').getByRole('treeitem', { level: 1 });
    await groups.first().waitFor();
    assert.match((await groups.first().getAttribute('aria-label')) ?? '', /Azure Client Secrets/);
    assert.ok((await groups.count()) >= 2);
    const status = wb().page.locator('.statusbar-item', { hasText: orgName(demo()) });
    await status.first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('the identities tree pages with "Load more…"', async () => {
    const view = wb().view('Machine Identities');
    const header = view.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // The list renders only the rows in view: scroll down until the row shows, as a user would.
    const scrollTo = async (/** @type {import('playwright-core').Locator} */ row) => {
      await view.locator('.monaco-list').first().hover();
      for (let i = 0; i < 40 && !(await row.isVisible()); i++) {
        await wb().page.mouse.wheel(0, 400);
        await wb().page.waitForTimeout(100);
      }
      await row.waitFor({ state: 'visible', timeout: 5_000 });
    };
    await view.getByRole('treeitem').first().waitFor({ state: 'visible', timeout: 20_000 });
    const more = view.getByRole('treeitem', { name: /Load more… \(20 of \d+\)/ });
    await scrollTo(more);
    await more.click();
    await more.waitFor({ state: 'detached', timeout: 20_000 });
    await scrollTo(view.getByRole('treeitem', { name: /Load more… \(40 of \d+\)/ }));
  });

  it('an expired token is renewed without the user noticing', async () => {
    await fetch(new URL('/__sandbox/expire-tokens', wb().sandbox.url), { method: 'POST' });
    await wb().runCommand('Infisical: Refresh App Connections');
    await wb().treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(
      await wb()
        .page.getByRole('treeitem', { name: /Could not load/ })
        .count(),
      0,
    );
    assert.equal(
      await wb()
        .notification(/Sign in|401/)
        .count(),
      0,
    );
  });

  it('a wrong client secret is refused with the specific reason', async () => {
    await wb().runCommand('Infisical: Sign In…');
    await signIn({ clientId: demo().clientId, clientSecret: 'not-the-right-secret' }, undefined);
    const toast = wb().notification(
      /Universal Auth sign-in to 127\.0\.0\.1:\d+ was refused \(401\): .*Check the client ID and client secret/,
    );
    await toast.first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(!(await toast.first().innerText()).includes('not-the-right-secret'));
    await wb().page.keyboard.press('Escape');
  });

  it('a second organization, from the status bar: the URL typed before is offered; both trees follow', async () => {
    await wb()
      .page.locator('.statusbar-item', { hasText: orgName(demo()) })
      .first()
      .click();
    await pick('Sign in to another account…');
    await wb().pickTitled(/\(1\/4\): site/, 'Self-hosted');
    const url = wb().page.locator('.quick-input-widget .quick-input-box input');
    await wb()
      .page.locator('.quick-input-widget .quick-input-title', { hasText: /server URL/ })
      .waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await url.inputValue(), wb().sandbox.url, 'the URL of the failed attempt, prefilled');
    await url.press('Enter');
    await pick('Machine identity (Universal Auth)');
    await wb().answer(/client ID/, demo().second.clientId);
    await wb().answer(/client secret/, demo().second.clientSecret);
    await wb().answer(/\(6\/6\): profile name/, 'Fabrikam');
    await wb()
      .page.locator('.statusbar-item', { hasText: orgName(demo().second) })
      .first()
      .waitFor({ timeout: 20_000 });
    const connections = wb().view('App Connections');
    await connections
      .getByRole('treeitem', { name: /fabrikam/i })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    const stale = await connections
      .getByRole('treeitem', { name: /contoso/i })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.deepEqual(stale, [], 'no Contoso item is left in the tree');
    await wb()
      .page.locator('.statusbar-item', { hasText: orgName(demo().second) })
      .first()
      .click();
    await pick(LEGACY ? orgName(demo()) : 'Contoso');
    await wb()
      .page.locator('.statusbar-item', { hasText: orgName(demo()) })
      .first()
      .waitFor({ timeout: 20_000 });
    await connections
      .getByRole('treeitem', { name: /contoso-oauth-admin/ })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await connections
      .getByRole('treeitem', { name: /fabrikam/i })
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 });
  });
});
