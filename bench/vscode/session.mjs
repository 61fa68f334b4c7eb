// @ts-check
// One real VS Code for the whole benchmark: a throwaway code-server (test/vscode/codeServer.mjs)
// with our packaged .vsix and the hello-world floor installed, the smoke-test driver on, and one
// Chromium page. Every window (the first navigation, then each Reload Window) is a fresh
// workbench and extension host, in which bench/probe runs as extensionTestsPath and takes its
// operations from bench/vscode/channel.mjs. Browser storage (secrets, the workbench's state)
// lives on across windows, as in a user's browser: a profile signed in once stays signed in.
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from '../../test/vscode/browser.mjs';
import { startCodeServer } from '../../test/vscode/codeServer.mjs';
import { cleanEnv } from '../../test/vscode/provision.mjs';
import { startChannel } from './channel.mjs';
import { buildHelloVsix } from './hello.mjs';

/** Harmless in an offline sandbox: the gallery lookup and the missing vsda module. */
const NOISE = /ENOTFOUND open-vsx\.org|vsda/;

/**
 * @typedef {object} Window
 * @property {import('playwright-core').Page} page
 * @property {import('./channel.mjs').ProbeSession} probe
 * @property {number} readyMs   navigation → .monaco-workbench
 * @property {number} startedAt  performance.now() when the navigation (or reload) began
 * @property {() => Promise<void>} close
 *
 * @typedef {object} Session
 * @property {import('../../test/vscode/codeServer.mjs').CodeServer} server
 * @property {string} workspace
 * @property {() => Promise<Window>} openWindow
 * @property {(win: Window, onLoad?: (page: import('playwright-core').Page, startedAt: number) => void) => Promise<Window>} reloadWindow
 *   Workbench: Reload Window, from inside (so VS Code saves its state first): a fresh workbench
 *   and extension host in the same page. `onLoad` runs as soon as the new document has loaded.
 * @property {() => Promise<void>} close
 */

/**
 * A code-server with ours and the hello-world floor (built into `o.tempDir`) installed, and the
 * channel the probe in each window reports on; `close` stops all of it.
 * @param {object} o
 * @param {import('../../test/vscode/provision.mjs').Host} o.host
 * @param {string} o.root        the project (its bench/probe is the development extension)
 * @param {string} o.vsix        our packaged extension
 * @param {string} o.tempDir     where the floor's .vsix is built
 * @param {string} o.sandboxUrl
 * @param {boolean} o.verbose
 * @returns {Promise<Session>}
 */
export async function startSession(o) {
  const helloVsix = await buildHelloVsix(o.root, o.tempDir);
  const channel = await startChannel();
  const server = await startCodeServer({
    host: o.host,
    label: 'bench',
    vsix: o.vsix,
    smokeTestDriver: true,
    settings: {
      'infisical.save.confirm': 'never',
      'workbench.editor.enablePreview': false,
    },
    env: { BENCH_CHANNEL_URL: channel.url, INFISICAL_SANDBOX_URL: o.sandboxUrl },
  });
  installBeside(o.host, server, helloVsix);
  const workspace = join(server.tempDir, 'workspace');
  await mkdir(workspace);
  const { browser, close: closeBrowser } = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const remote = `vscode-remote://remote${o.root}/bench/probe`;
  const payload = [
    ['extensionDevelopmentPath', remote],
    ['extensionTestsPath', `${remote}/index`],
  ];
  const url = `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  return {
    server,
    workspace,
    openWindow: async () => {
      const page = await context.newPage();
      await page.exposeFunction(
        'codeAutomationLog',
        (/** @type {string} */ _type, /** @type {unknown} */ args) => {
          const text = Array.isArray(args) ? format(...args) : String(args);
          if (o.verbose && !NOISE.test(text)) console.log(`  [window] ${text.replace(/\n$/, '')}`);
        },
      );
      await page.exposeFunction('codeAutomationExit', () => {});
      // A reload during startup can meet a "leave this page?" prompt: leave, as a user reloading would.
      page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
      const connected = channel.nextSession();
      connected.catch(() => {});
      const t = performance.now();
      await page.goto(url);
      return ready(page, t, connected);
    },
    reloadWindow: async (win, onLoad) => {
      const connected = channel.nextSession();
      connected.catch(() => {});
      const loaded = win.page.waitForEvent('load', { timeout: 60_000 });
      const t = performance.now();
      await win.probe.call('reload');
      win.probe.forget();
      await loaded;
      onLoad?.(win.page, t);
      return ready(win.page, t, connected);
    },
    close: async () => {
      await context.close().catch(() => {});
      await closeBrowser();
      await server.stop();
      await channel.close();
    },
  };
}

/**
 * @param {import('playwright-core').Page} page
 * @param {number} startedAt
 * @param {Promise<import('./channel.mjs').ProbeSession>} connected
 * @returns {Promise<Window>}
 */
async function ready(page, startedAt, connected) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const readyMs = performance.now() - startedAt;
  const probe = await connected;
  return {
    page,
    probe,
    readyMs,
    startedAt,
    close: async () => {
      await probe.end();
      await page.close();
    },
  };
}

/**
 * Installs a second .vsix into the running server's extensions dir (startCodeServer installs one).
 * @param {import('../../test/vscode/provision.mjs').Host} host
 * @param {import('../../test/vscode/codeServer.mjs').CodeServer} server
 * @param {string} vsix
 */
function installBeside(host, server, vsix) {
  const env = {
    ...cleanEnv(),
    TMPDIR: join(server.tempDir, 'tmp'),
    XDG_CONFIG_HOME: join(server.tempDir, 'config'),
    XDG_DATA_HOME: join(server.tempDir, 'data'),
    XDG_CACHE_HOME: join(server.tempDir, 'cache'),
    XDG_STATE_HOME: join(server.tempDir, 'state'),
  };
  const args = [host.entry, '--user-data-dir', server.userDataDir, '--extensions-dir', server.extensionsDir];
  const r = spawnSync(host.node, [...args, '--install-extension', vsix], { env, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}
