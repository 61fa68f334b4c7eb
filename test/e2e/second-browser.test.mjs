// @ts-check
// A platform engineer signed in to code-server in one browser opens the same URL in another.
// code-server keeps SecretStorage (and global state) per browser: the profiles come along (they
// are settings, on the server), their secrets do not. The profile says so, and signing in again
// (or the demo of `npm start`) restores it instead of adding "Contoso Platform 2".
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from '../vscode/browser.mjs';
import { RESULTS, useWorkbench, Workbench } from './harness.mjs';

/** @typedef {{ clientId: string, clientSecret: string, orgName: string }} Demo */

/** Types text key by key, 30–120 ms apart, as a person does. */
async function typeByKey(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ text) {
  for (const key of text) {
    await page.keyboard.type(key);
    await page.waitForTimeout(30 + Math.floor(Math.random() * 90));
  }
}

/** Waits for the quick input titled `title`, types the answer into it and presses Enter. */
async function answer(/** @type {Workbench} */ wb, /** @type {RegExp} */ title, /** @type {string} */ text) {
  const widget = wb.page.locator('.quick-input-widget');
  await widget
    .locator('.quick-input-title', { hasText: title })
    .waitFor({ state: 'visible', timeout: 20_000 });
  const input = widget.locator('.quick-input-box input');
  await input.click();
  await typeByKey(wb.page, text);
  await wb.page.keyboard.press('Enter');
}

/** The sign-in prompts for the sandbox, Universal Auth; the profile-name step is not answered here. */
async function signInPrompts(/** @type {Workbench} */ wb, /** @type {Demo} */ creds) {
  await wb.pick('Self-hosted');
  await answer(wb, /server URL/, wb.sandbox.url);
  await wb.pick('Machine identity (Universal Auth)');
  await answer(wb, /client ID/, creds.clientId);
  await answer(wb, /client secret/, creds.clientSecret);
}

/**
 * Opens the scenario's code-server in a second, fresh browser (its own profile, so its own
 * localStorage and IndexedDB) on the same workspace. Closing it leaves the server running.
 */
async function secondBrowser(/** @type {Workbench} */ first) {
  const { browser, close } = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const wb = new Workbench(page, first.sandbox, first.server, close);
  const workspace = join(first.server.tempDir, 'workspace');
  await page.goto(`${first.server.url}?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await wb.waitForExtension();
  return wb;
}

/** The profiles as the user settings on the server hold them. */
function savedProfiles(/** @type {Workbench} */ wb) {
  const file = join(wb.server.tempDir, 'user-data', 'User', 'settings.json');
  /** @type {{ 'infisical.profiles'?: { name: string }[] }} */
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  return (settings['infisical.profiles'] ?? []).map((p) => p.name);
}

/** The Infisical status bar item: the one whose tooltip or text names the profile. */
const statusItem = (/** @type {Workbench} */ wb, /** @type {string} */ text) =>
  wb.page.locator('.statusbar-item', { hasText: text }).first();

async function shot(/** @type {Workbench} */ wb, /** @type {string} */ name) {
  await mkdir(RESULTS, { recursive: true });
  await wb.page.screenshot({ path: join(RESULTS, `${name}.png`) });
}

describe('Second browser: a profile without its secret says so, and signing in again restores it', () => {
  const wb = useWorkbench('second-browser');
  const demo = () => /** @type {Demo} */ (/** @type {unknown} */ (wb().sandbox.demo));
  /** @type {Workbench | undefined} */
  let other;
  const second = () => {
    if (!other) throw new Error('the second browser did not open');
    return other;
  };
  after(async () => {
    await other?.closeBrowser();
  });

  it('the first browser signs in; the status bar names "Contoso Platform" once', async () => {
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    await wb().view('App Connections').getByRole('button', { name: 'Sign In' }).click();
    await signInPrompts(wb(), demo());
    // The last step suggests the organization's name: keep it.
    await wb()
      .page.locator('.quick-input-widget .quick-input-title', { hasText: /profile name/ })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await wb().page.keyboard.press('Enter');
    await wb().treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 20_000 });
    const status = statusItem(wb(), demo().orgName);
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal((await status.innerText()).trim(), demo().orgName);
    await shot(wb(), 'second-browser-1-signed-in');
  });

  it('a second browser: both views and the status bar tooltip say the profile has no credentials there', async () => {
    other = await secondBrowser(wb());
    await second().openContainer('Infisical');
    const said = `${demo().orgName} has no credentials in this browser — Sign In again`;
    const connections = second().view('App Connections');
    // The first-time welcome may show for a moment, until the secret was looked up.
    await connections
      .locator('.welcome-view-content', { hasText: /has no credentials in this browser — Sign In again/ })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await connections.getByRole('button', { name: 'Sign In Again' }).waitFor();
    await connections
      .locator('.pane-header', { hasText: `${demo().orgName}: no credentials` })
      .waitFor({ timeout: 10_000 });
    const identities = second().view('Machine Identities');
    const header = identities.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await identities
      .locator('.welcome-view-content', { hasText: /has no credentials in this browser/ })
      .getByRole('button', { name: 'Sign In Again' })
      .waitFor({ state: 'visible', timeout: 10_000 });
    const status = statusItem(second(), demo().orgName);
    await status.hover();
    await second()
      .page.locator('.workbench-hover, .monaco-hover', { hasText: said })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await shot(second(), 'second-browser-2-no-credentials');
  });

  it('signing in again there restores the profile: no name asked, no "Contoso Platform 2"', async () => {
    await second().page.mouse.move(640, 400);
    await second().view('App Connections').getByRole('button', { name: 'Sign In Again' }).click();
    await signInPrompts(second(), demo());
    await second().treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(
      await second()
        .page.locator('.quick-input-widget .quick-input-title', { hasText: /profile name/ })
        .count(),
      0,
      'no profile name was asked',
    );
    assert.deepEqual(savedProfiles(second()), [demo().orgName]);
    const status = statusItem(second(), demo().orgName);
    assert.equal((await status.innerText()).trim(), demo().orgName);
    await status.click();
    const rows = second().page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    // One profile, then (issue 21) the switcher's way to sign in to another account.
    const texts = await rows.allInnerTexts();
    assert.equal(texts.length, 2, `one profile to switch to: ${texts.join(' | ')}`);
    assert.match(texts[0] ?? '', new RegExp(demo().orgName));
    assert.match(texts[1] ?? '', /Sign in to another account…/);
    await shot(second(), 'second-browser-3-signed-in-again');
    await second().page.keyboard.press('Escape');
  });
});

describe('Second browser with `npm start`: the demo sign-in restores the demo profile', () => {
  const wb = useWorkbench('second-browser-demo', { demoProfile: true });
  /** @type {Workbench | undefined} */
  let other;
  after(async () => {
    await other?.closeBrowser();
  });

  it('the first browser signs the demo profile in by itself', async () => {
    await wb().waitForExtension();
    await wb().openContainer('Infisical');
    await wb().treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 30_000 });
    await statusItem(wb(), 'Sandbox demo').waitFor({ state: 'visible', timeout: 10_000 });
    await shot(wb(), 'second-browser-demo-1-first');
  });

  it('a second browser restores it: data in the views, still one "Sandbox demo" profile', async () => {
    other = await secondBrowser(wb());
    await other.openContainer('Infisical');
    await other.treeItem('Azure Client Secrets').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(savedProfiles(other), ['Sandbox demo']);
    const status = statusItem(other, 'Sandbox demo');
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    assert.doesNotMatch(await status.innerText(), /Sandbox demo 2/);
    await shot(other, 'second-browser-demo-2-restored');
  });
});
