// @ts-check
// UI scenarios in real VS Code (code-server) and Chromium, with the extension installed from
// its packaged .vsix, the way a user gets it. Each scenario (a mocha `describe`) gets its own
// sandbox, code-server, user data and browser, so scenarios cannot leak state into each other.
//
//   describe('Welcome view', () => {
//     const wb = useWorkbench('welcome');
//     it('…', async () => { await wb().openContainer('Infisical'); … });
//   });
//
// After each scenario its end state is saved as test-results/<scenario>.png; when a test of it
// failed, code-server's and VS Code's logs (extension host included) go to test-results/<scenario>-logs/.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../vscode/browser.mjs';
import { startCodeServer } from '../vscode/codeServer.mjs';
import { provision, seconds } from '../vscode/provision.mjs';
import { demoProfile, startForwarder, startSandbox } from '../vscode/sandbox.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const RESULTS = join(ROOT, 'test-results');
export const VSIX = join(ROOT, 'dist', 'infisical-access.vsix');
export const EXTENSION_ID = 'secretsops.infisical-access';
/** The Infisical server the sandbox answers as (`run-e2e.mjs --server 2025-06`); undefined: the current one. */
export const SERVER = process.env.INFISICAL_SANDBOX_SERVER || undefined;
/** The sandbox answers as Infisical's June 2025 release. */
export const LEGACY = SERVER === '2025-06';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */
/** @typedef {import('playwright-core').FrameLocator} FrameLocator */

/**
 * @typedef {object} WorkbenchOptions
 * @property {Record<string, unknown>} [settings]  user settings on top of the host's defaults
 * @property {boolean} [demoProfile]  sign the sandbox's demo identity in when the view first shows (as `npm start` does)
 * @property {boolean} [forwarder]    put a TCP forwarder between the extension and the sandbox (test/sandbox/proxy.ts), for refused connections
 */

export class Workbench {
  /**
   * @param {Page} page
   * @param {import('../vscode/sandbox.mjs').Sandbox} sandbox
   * @param {import('../vscode/codeServer.mjs').CodeServer} server
   * @param {() => Promise<void>} closeBrowser
   */
  constructor(page, sandbox, server, closeBrowser) {
    this.page = page;
    this.sandbox = sandbox;
    this.server = server;
    this.closeBrowser = closeBrowser;
    /** @type {{ url: string, stop(): Promise<void>, start(): Promise<void>, close(): Promise<void> } | undefined} */
    this.forwarder = undefined;
  }

  /** Stops browser, code-server and sandbox, and removes the temp dir. */
  async close() {
    await this.closeBrowser();
    await this.server.stop();
    await this.forwarder?.close();
    await this.sandbox.close();
  }

  /** The activity-bar entry of a view container, by its title. */
  activityBarEntry(/** @type {string} */ title) {
    return this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`);
  }

  /**
   * Waits for the extension's contributions to show up. The palette knows its commands only
   * after this (earlier it answers "No matching commands").
   */
  async waitForExtension(timeout = 30_000) {
    await this.activityBarEntry('Infisical').waitFor({ state: 'visible', timeout });
  }

  /** Clicks a view container in the activity bar unless it is already open. */
  async openContainer(/** @type {string} */ title) {
    const entry = this.activityBarEntry(title);
    await entry.waitFor({ state: 'visible' });
    // Open means the side bar shows this container (its title); a click on the entry of the
    // container already shown would hide the side bar.
    const shown = this.page.locator('.part.sidebar .composite.title', { hasText: title });
    if (!(await shown.first().isVisible())) await entry.click();
    await shown.first().waitFor({ state: 'visible' });
  }

  /** A view's pane in the side bar, by the view's name (its header text). */
  view(/** @type {string} */ name) {
    return this.page.locator('.pane').filter({ has: this.page.locator('.pane-header', { hasText: name }) });
  }

  /** Runs a command through the palette by its label as listed, e.g. `Infisical: Sign In`. */
  async runCommand(/** @type {string} */ label) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().click();
  }

  /**
   * Runs a command that asks for a machine identity, and picks it: waits for the Machine
   * Identities view to list it first (the quick pick offers the loaded identities).
   */
  async runCommandOnIdentity(/** @type {string} */ label, /** @type {string} */ identity) {
    await this.waitForExtension();
    await this.openContainer('Infisical');
    await this.view('Machine Identities')
      .getByRole('treeitem', { name: new RegExp(identity) })
      .waitFor({ timeout: 30_000 });
    await this.runCommand(label);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: identity }).first().click();
  }

  /** Picks a quick-pick row by its text. */
  async pick(/** @type {string | RegExp} */ text) {
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await row.click({ timeout: 15_000 });
    } catch (error) {
      // Say which of the two went wrong: the row never came, or the picker closed (it closes when
      // it loses focus), and what held focus then.
      const open = await this.page.locator('.quick-input-widget').isVisible();
      const focus = await this.page.evaluate(() => {
        const el = document.activeElement;
        return el
          ? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`
          : 'nothing';
      });
      throw new Error(
        `no quick-pick row ${String(text)}: the picker is ${open ? 'open' : 'closed'}, focus on ${focus}\n${error}`,
      );
    }
  }

  /**
   * Answers the quick input after checking its title, as a person does: Ctrl+A over whatever it
   * holds (a prefilled value), the text key by key, then Enter. Returns the title.
   */
  async answer(/** @type {RegExp} */ title, /** @type {string} */ text) {
    const widget = this.page.locator('.quick-input-widget');
    const shown = widget.locator('.quick-input-title', { hasText: title });
    await shown.waitFor({ state: 'visible', timeout: 15_000 });
    const titled = await shown.innerText();
    const input = widget.locator('.quick-input-box input');
    await input.press('ControlOrMeta+A');
    await input.pressSequentially(text, { delay: 40 });
    await input.press('Enter');
    return titled;
  }

  /**
   * Answers the sign-in prompts (self-hosted sandbox, Universal Auth). With a `name` ('' keeps
   * the suggested one), also the last step that names the profile. Returns each step's title.
   */
  async signInPrompts(
    /** @type {{ clientId: string, clientSecret: string }} */ creds,
    /** @type {string | undefined} */ name,
  ) {
    const titles = [await this.pickTitled(/site/, 'Self-hosted')];
    titles.push(await this.answer(/server URL/, this.sandbox.url));
    titles.push(await this.pickTitled(/credentials/, 'Machine identity (Universal Auth)'));
    titles.push(await this.answer(/client ID/, creds.clientId));
    titles.push(await this.answer(/client secret/, creds.clientSecret));
    if (name === undefined) return titles;
    const widget = this.page.locator('.quick-input-widget');
    const shown = widget.locator('.quick-input-title', { hasText: /profile name/ });
    await shown.waitFor({ state: 'visible', timeout: 20_000 });
    titles.push(await shown.innerText());
    const input = widget.locator('.quick-input-box input');
    if (name) {
      await input.press('ControlOrMeta+A');
      await input.pressSequentially(name, { delay: 40 });
    }
    await input.press('Enter');
    return titles;
  }

  /** Picks a quick-pick row once the picker's title matches; returns the title. */
  async pickTitled(/** @type {RegExp} */ title, /** @type {string | RegExp} */ row) {
    const shown = this.page.locator('.quick-input-widget .quick-input-title', { hasText: title });
    await shown.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await shown.innerText();
    await this.pick(row);
    return text;
  }

  /** A notification toast (message, progress, buttons) whose text matches. */
  toast(/** @type {string | RegExp} */ text) {
    return this.page.locator('.notifications-toasts .notification-list-item', { hasText: text });
  }

  /** Error toasts on screen: a toast's icon says its severity. */
  errorToasts() {
    return this.page
      .locator('.notifications-toasts .notification-list-item')
      .filter({ has: this.page.locator('.codicon-error') });
  }

  /** Clicks "Cancel" on the progress notification whose title matches, as a user would. */
  async cancelProgress(/** @type {string | RegExp} */ title) {
    const toast = this.toast(title).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    await toast.getByRole('button', { name: 'Cancel' }).click();
    await toast.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Dismisses every notification, so a later check sees only new ones. */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /**
   * The sandbox's log entry of the last request with this method and path, once `done` says it
   * is in the state waited for (e.g. aborted by the client).
   * @param {string} method
   * @param {string} path
   * @param {(r: { status: number, aborted?: boolean }) => boolean} done
   */
  async request(method, path, done, timeout = 10_000) {
    const until = Date.now() + timeout;
    for (;;) {
      const log =
        /** @type {{ requests: { method: string, path: string, status: number, aborted?: boolean }[] }} */ (
          await this.control('GET', 'requests')
        );
      const entry = log.requests.filter((r) => r.method === method && r.path === path).at(-1);
      if (entry && done(entry)) return entry;
      if (Date.now() > until)
        throw new Error(
          `${method} ${path}: ${entry ? JSON.stringify(entry) : 'never requested'} after ${timeout} ms`,
        );
      await this.page.waitForTimeout(100);
    }
  }

  /** A tree item in any view, by its accessible name. */
  treeItem(/** @type {string} */ name) {
    return this.page.getByRole('treeitem', { name });
  }

  /** Notification toasts whose message contains `text`. */
  notification(/** @type {string | RegExp} */ text) {
    return this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
  }

  /**
   * The content frame of this extension's webview (VS Code nests two iframes). The first
   * webview of a window takes about 4 s to appear: wait with a 30 s timeout.
   * @returns {FrameLocator}
   */
  webview() {
    return this.page
      .frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`)
      .frameLocator('iframe#active-frame');
  }

  /** Calls the sandbox's control routes (faults, state changes, request log). */
  async control(
    /** @type {string} */ method,
    /** @type {string} */ path,
    /** @type {unknown} */ body = undefined,
  ) {
    const res = await fetch(new URL(`/__sandbox/${path}`, this.sandbox.url), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${res.status}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  }

  /**
   * Makes the next PATCH of a path fail the way Infisical's validation does: a 422 whose
   * message is an issue array naming `field`.
   */
  async failNextPatchWith422(
    /** @type {string} */ path,
    /** @type {string} */ field,
    /** @type {string} */ message,
  ) {
    await this.control('POST', 'faults', {
      method: 'PATCH',
      path,
      status: 422,
      times: 1,
      body: {
        reqId: 'req-e2e',
        statusCode: 422,
        error: 'ValidationFailure',
        message: [{ code: 'custom', message, path: [field] }],
      },
    });
  }

  /** A modal dialog's button, by its label. */
  dialogButton(/** @type {string} */ label) {
    return this.page.locator('.monaco-dialog-box').getByRole('button', { name: label });
  }

  async screenshot(/** @type {string} */ name) {
    const path = join(RESULTS, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

/**
 * Starts sandbox, code-server (extension installed from dist/infisical-access.vsix) and a
 * browser page on the workbench. Waits for the workbench, not for the extension.
 * @param {string} scenario
 * @param {WorkbenchOptions} [options]
 */
export async function startWorkbench(scenario, options = {}) {
  const started = performance.now();
  if (!existsSync(VSIX)) throw new Error(`${VSIX} not found: run \`npm run package\` first`);
  const host = await provision({ quiet: true });
  const sandbox = await startSandbox();
  const forwarder = options.forwarder ? await startForwarder(sandbox.url) : undefined;
  const server = await startCodeServer({
    host,
    label: scenario,
    vsix: VSIX,
    settings: { ...options.settings },
    env: {
      INFISICAL_SANDBOX_URL: sandbox.url,
      INFISICAL_TEST_RESULTS: RESULTS,
      ...(options.demoProfile
        ? {
            INFISICAL_DEMO_PROFILE: JSON.stringify({
              ...demoProfile(sandbox),
              ...(forwarder ? { siteUrl: forwarder.url } : {}),
            }),
          }
        : {}),
    },
  });
  const workspace = join(server.tempDir, 'workspace');
  await mkdir(workspace);
  const { browser, close } = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const wb = new Workbench(page, sandbox, server, close);
  wb.forwarder = forwarder;
  const opened = performance.now();
  try {
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  } catch (err) {
    await wb.screenshot(scenario).catch(() => {});
    await server.saveLogs(join(RESULTS, `${scenario}-logs`));
    await wb.close();
    throw err;
  }
  console.log(`${scenario}: workbench ready in ${seconds(opened)} s (${seconds(started)} s since start)`);
  return wb;
}

/**
 * Registers the hooks of one scenario: a fresh workbench before its tests, the end-state
 * screenshot after them, logs kept when anything failed, and everything stopped.
 * Call inside `describe()`; the returned function gives the running workbench.
 * @param {string} name   file name of the screenshot and logs (with `-<server>` on another server)
 * @param {WorkbenchOptions} [options]
 * @returns {() => Workbench}
 */
export function useWorkbench(name, options = {}) {
  // Another server's run keeps its screenshots and logs beside the current one's.
  const scenario = SERVER ? `${name}-${SERVER}` : name;
  /** @type {Workbench | undefined} */
  let wb;
  let failed = false;

  before(async function () {
    this.timeout(180_000);
    await rm(join(RESULTS, `${scenario}-logs`), { recursive: true, force: true });
    await mkdir(RESULTS, { recursive: true });
    wb = await startWorkbench(scenario, options);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(async function () {
    this.timeout(60_000);
    if (!wb) return;
    const shot = await wb.screenshot(scenario).catch(() => undefined);
    if (shot) console.log(`${scenario}: end state saved to ${shot}`);
    if (failed) {
      const dest = join(RESULTS, `${scenario}-logs`);
      await wb.server.saveLogs(dest);
      console.log(`${scenario}: failed; code-server and extension host logs kept in ${dest}`);
    }
    await wb.close();
    wb = undefined;
  });

  return () => {
    if (!wb) throw new Error(`scenario ${scenario}: the workbench did not start (see the before all hook)`);
    return wb;
  };
}

/**
 * Every file under a folder, with its bytes as latin1 text.
 * @returns {AsyncGenerator<[string, string]>}
 */
export async function* files(/** @type {string} */ dir) {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && (await stat(path).catch(() => ({ size: 1e9 }))).size < 20_000_000) {
      const text = await readFile(path, 'latin1').catch(() => '');
      yield/** @type {[string, string]} */ ([path, text]);
    }
  }
}

/** The folder of the browser's profile (Playwright's fresh one), for the canary scans. */
export async function browserProfileDir(/** @type {Workbench} */ wb) {
  const page = await wb.page.context().browser()?.newPage();
  assert.ok(page, 'no browser to ask for its profile');
  await page.goto('chrome://version');
  const dir = (await page.locator('#profile_path').textContent())?.trim() ?? '';
  await page.close();
  assert.ok(dir.startsWith('/'), `profile path: ${dir}`);
  return dir;
}

/**
 * Where a secret typed in could have been written: every file of code-server (user data with
 * its Backups and logs, its state) and of the browser profile, and the browser's storage
 * (cookies, localStorage, IndexedDB, sessionStorage). SecretStorage lives in localStorage
 * encrypted (../../../shared/vscode-findings.md), so a plain canary found there is a leak too.
 * @param {Workbench} wb
 * @param {string} profileDir   from browserProfileDir()
 * @param {string} when         what the assertion messages name
 * @param {string[]} canaries
 */
export async function assertNowhere(wb, profileDir, when, canaries) {
  let scanned = 0;
  for (const dir of [wb.server.tempDir, profileDir]) {
    for await (const [file, text] of files(dir)) {
      scanned += 1;
      for (const c of canaries) assert.ok(!text.includes(c), `${when}: ${file} holds a canary`);
    }
  }
  assert.ok(scanned > 20, `${when}: scanned ${scanned} files`);
  const storage = JSON.stringify(await wb.page.context().storageState({ indexedDB: true }));
  const session = await wb.page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
  for (const c of canaries) {
    assert.ok(
      !storage.includes(c),
      `${when}: the browser's cookies, localStorage or IndexedDB hold a canary`,
    );
    assert.ok(!session.includes(c), `${when}: the browser's sessionStorage holds a canary`);
  }
}

/** The text an editor shows, its rendered lines in order (Monaco reuses line elements). */
export async function shownText(/** @type {import('playwright-core').Locator} */ editor) {
  return editor.evaluate((el) =>
    Array.from(el.querySelectorAll('.view-lines .view-line'))
      .map((line) => ({
        top: Number.parseFloat(/** @type {HTMLElement} */ (line).style.top),
        text: line.textContent ?? '',
      }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text.replace(/\u00a0/g, ' '))
      .join('\n'),
  );
}
