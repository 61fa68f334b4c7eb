// @ts-check
// Debian's Chromium driven by playwright-core (no Playwright browser download needed).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { removeDirSync, track } from './cleanup.mjs';
import { CHROMIUM, checkChromium, seconds } from './provision.mjs';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-breakpad',
  '--disable-crash-reporter',
];

/**
 * Launches a fresh headless profile (Playwright makes one per launch and deletes it on close).
 * Chromium also writes outside its profile (~/.config/chromium/Crash Reports, ~/.cache/dconf):
 * its XDG dirs point into a temp dir removed on close.
 * @returns {Promise<{ browser: import('playwright-core').Browser, close: () => Promise<void> }>}
 */
export async function launchBrowser() {
  const started = performance.now();
  checkChromium();
  const home = mkdtempSync(join(tmpdir(), 'infisical-chromium-'));
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env };
  const dirs = { XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_DATA_HOME: 'data', TMPDIR: 'tmp' };
  for (const [name, dir] of Object.entries(dirs)) {
    mkdirSync(join(home, dir));
    env[name] = join(home, dir);
  }
  const browser = await chromium
    .launch({
      env,
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      // Our cleanup owns the signals; Playwright still kills the browser on process exit.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })
    .catch((err) => {
      removeDirSync(home);
      throw err;
    });
  const close = track({
    name: 'chromium',
    release: async () => {
      await browser.close();
      removeDirSync(home);
    },
    releaseSync: () => removeDirSync(home),
  });
  console.log(`chromium: launched in ${seconds(started)} s`);
  return { browser, close };
}
