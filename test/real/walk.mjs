#!/usr/bin/env node
// @ts-check
// The UI walk of `npm run test:real`: a new user tries the extension on the REAL Infisical
// server (../shared/real-infisical), in real VS Code (code-server, the packaged .vsix, default
// settings) in a fresh browser, typing key by key. Each step records what happened: "works",
// what works without what, or the exact message shown; screenshots go to test-results/real/.
// Every change made on the shared server is put back at the end, whatever happened.
//
//   npm run compile && npm run package && node test/real/walk.mjs
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EXTENSION_ID, files, ROOT, VSIX, Workbench } from '../e2e/harness.mjs';
import { launchBrowser } from '../vscode/browser.mjs';
import { releaseAll } from '../vscode/cleanup.mjs';
import { startCodeServer } from '../vscode/codeServer.mjs';
import { provision } from '../vscode/provision.mjs';
import { readRealServer } from './env.mjs';
import { lineOf, Person, SHOTS } from './person.mjs';

const WHO = 'test:real (UI walk)';
const real = readRealServer(WHO);
const API = join(ROOT, 'out/src/core/api/index.js');
for (const [file, how] of /** @type {const} */ ([
  [API, 'npm run compile'],
  [VSIX, 'npm run package'],
])) {
  if (!existsSync(file)) {
    console.error(`${WHO}: ${file} is missing: run ${how} first (npm run test:real does).`);
    process.exit(1);
  }
}
// A new user's VS Code: nothing from this shell (a sourced env file) reaches the extension.
for (const key of Object.keys(process.env)) if (/^(INFISICAL_|REALINF_)/.test(key)) delete process.env[key];

/** @type {typeof import('../../src/core/api/index.js')} */
const { createInfisicalApi } = createRequire(import.meta.url)(API);
const api = createInfisicalApi({ baseUrl: real.site, getToken: () => real.token });
const SECRETS = [real.token, real.uaClientSecret];

// The resources the walk changes, and what they hold before it (put back at the end).
const IDENTITY_ID = real.azureIdentities[0] ?? '';
const CONNECTION_ID = real.oauthConnections[1] ?? real.oauthConnections[0] ?? '';
const IDENTITY = (await api.identities.get(IDENTITY_ID)).identity.name;
const CONNECTION = (await api.connections.getAzureClientSecrets(CONNECTION_ID)).name;
const before = {
  ttl: (await api.azureAuth.get(IDENTITY_ID)).accessTokenTTL,
  description: (await api.connections.getAzureClientSecrets(CONNECTION_ID)).description ?? null,
};
const serverTtl = async () => (await api.azureAuth.get(IDENTITY_ID)).accessTokenTTL;
const serverDescription = async () =>
  (await api.connections.getAzureClientSecrets(CONNECTION_ID)).description ?? null;

/** Polls the server until `read` gives `want`; says what it holds instead. */
async function serverHolds(/** @type {() => Promise<unknown>} */ read, /** @type {unknown} */ want) {
  const end = Date.now() + 20_000;
  for (;;) {
    const got = await read();
    if (got === want) return;
    if (Date.now() > end)
      throw new Error(`the server holds ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** @type {{ step: string, result: string, ok: boolean }[]} */
const rows = [];
const STEP_TIMEOUT_MS = 150_000;

/**
 * One step, with its own timeout; a failure is recorded with its message and a screenshot.
 * @param {string} step
 * @param {string} shot  screenshot name (test-results/real/<shot>.png)
 * @param {() => Promise<string | undefined>} run  resolves to a note ("works" when none)
 */
async function step(step, shot, run) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const started = performance.now();
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no result within ${STEP_TIMEOUT_MS / 1000} s`)),
        STEP_TIMEOUT_MS,
      );
    });
    // Whatever an earlier step left open (a picker, a dialog) is closed first, as a person would.
    for (let i = 0; i < 2; i++) await p.page.keyboard.press('Escape');
    const note = await Promise.race([run(), timeout]);
    rows.push({ step, result: note ?? 'works', ok: true });
  } catch (error) {
    rows.push({
      step,
      result: `FAILED: ${redact(error instanceof Error ? error.message : String(error))}`,
      ok: false,
    });
  } finally {
    clearTimeout(timer);
    await p.screenshot(shot).catch(() => {});
    console.log(
      `${WHO}: ${step}: ${rows.at(-1)?.ok ? 'ok' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

/** @param {string} text */
function redact(text) {
  let out = text;
  for (const s of SECRETS) out = out.split(s).join('‹redacted›');
  return out;
}

/** @param {boolean} condition @param {string} message */
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// ── The workbench: code-server with the .vsix, default settings, a fresh browser ──

const host = await provision({ quiet: true });
const server = await startCodeServer({ host, label: 'real-walk', vsix: VSIX });
const workspace = join(server.tempDir, 'workspace');
await mkdir(workspace);
const { browser, close: closeBrowser } = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const siteStandIn = { url: real.site, demo: {}, close: async () => {} };
const wb = new Workbench(page, siteStandIn, server, closeBrowser);
const p = new Person(wb);
const webview = () =>
  page
    .frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`)
    .last()
    .frameLocator('iframe#active-frame');

try {
  await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await wb.waitForExtension(60_000);

  // ── 1. Sign in twice: the Universal Auth pair, then a token (a second profile) ──

  /** The sign-in prompts up to the profile name; returns the suggested name. */
  const signIn = (/** @type {'ua' | 'token'} */ how, /** @type {string} */ name) =>
    p.signIn(
      real.site,
      how === 'ua'
        ? { clientId: real.uaClientId, clientSecret: real.uaClientSecret }
        : { accessToken: real.token },
      name,
    );

  const status = (/** @type {string} */ name) => page.locator('.statusbar-item', { hasText: name }).first();

  await step('1a. sign in: self-hosted URL typed, Universal Auth pair', 'signin-ua', async () => {
    await wb.openContainer('Infisical');
    await wb.view('App Connections').getByRole('button', { name: 'Sign In' }).click();
    const suggested = await signIn('ua', '');
    await p.until(wb.treeItem('Azure Client Secrets'), 'the App Connections tree', 60_000);
    await status(suggested).waitFor({ timeout: 20_000 });
    return `works; the profile name suggested is "${suggested}"${suggested === real.orgId ? ' (the organization id: this server does not name the organization to an identity)' : ''}`;
  });

  await step('1b. sign in again with an access token (second profile)', 'signin-token', async () => {
    await p.command('Infisical: Sign In…');
    const suggested = await signIn('token', 'realinf token');
    await status('realinf token').waitFor({ timeout: 30_000 });
    const shown = await p.problems();
    expect(shown.length === 0, `"${shown.join('" / "')}"`);
    return `works; suggested "${suggested}", named "realinf token"; the status bar shows it`;
  });

  // ── 2. Both trees ──

  await step(
    '2a. App Connections: oauth connections, the Key Vault one, Projects → realinf-project',
    'trees-connections',
    async () => {
      const view = wb.view('App Connections');
      for (const name of ['realinf-oauth', 'realinf-oauth-2'])
        await p.until(view.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) }), name);
      const keyVault = view.getByRole('treeitem', { name: /^Azure Key Vault/ });
      await p.until(keyVault, 'the Azure Key Vault group');
      await keyVault.first().click();
      await p.until(view.getByRole('treeitem', { name: /^realinf-keyvault\b/ }), 'realinf-keyvault');
      const projects = view.getByRole('treeitem', { name: /^Projects/ });
      await projects.first().click();
      const project = view.getByRole('treeitem', { name: /^realinf-project/ });
      await p.until(project, 'realinf-project under Projects');
      await project.first().click();
      await page.waitForTimeout(2500);
      const under = (await view.getByRole('treeitem', { level: 3 }).allInnerTexts()).map((t) => t.trim());
      const problems = await p.problems();
      return `works: realinf-oauth, realinf-oauth-2 under Azure Client Secrets; realinf-keyvault under Azure Key Vault; Projects → realinf-project (via /workspace), which shows ${under.length ? `"${under.join('", "')}"` : 'nothing'}${problems.length ? `; notification: "${problems.join('" / "')}"` : ''}`;
    },
  );

  await step('2b. Machine Identities: the realinf-* identities', 'trees-identities', async () => {
    const view = wb.view('Machine Identities');
    const header = view.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    for (const name of ['realinf-ua', 'realinf-azure-1', 'realinf-azure-2', 'realinf-plain'])
      await p.until(view.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) }), name);
    const names = await view
      .getByRole('treeitem', { level: 1 })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    return `works: ${names.join('; ')}`;
  });

  // ── 3. An identity's Azure Auth TTL: the JSON editor, then the form ──

  const jsonTtl = before.ttl === 1800 ? 2700 : 1800;
  const formTtl = before.ttl === 1200 ? 900 : 1200;
  await step(`3a. ${IDENTITY}: Azure Auth TTL in the JSON editor (Ctrl+S)`, 'azure-auth-json', async () => {
    await p.clearNotifications();
    await p.command('Infisical: Edit Azure Auth as JSON');
    await p.choose(IDENTITY);
    await page.locator('.tab', { hasText: 'azure-auth.jsonc' }).waitFor({ timeout: 30_000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const text = await p.shows(editor, /"accessTokenTTL"/);
    const line = lineOf(text, '"accessTokenTTL"');
    await p.retypeValue(editor, line, text.split('\n')[line - 1] ?? '', String(jsonTtl));
    await p.shows(editor, new RegExp(`"accessTokenTTL": ${jsonTtl}`));
    await page.keyboard.press('Control+S');
    await p.until(wb.dialogButton('Save'), 'the save confirmation');
    await wb.dialogButton('Save').click();
    await serverHolds(serverTtl, jsonTtl);
    await page
      .locator('.tab.dirty', { hasText: 'azure-auth.jsonc' })
      .waitFor({ state: 'detached', timeout: 15_000 });
    return `works: accessTokenTTL ${before.ttl} → ${jsonTtl} saved, the server holds it`;
  });

  await step(`3b. ${IDENTITY}: Azure Auth TTL in the form`, 'azure-auth-form', async () => {
    await p.clearNotifications();
    await p.command('Infisical: Edit Azure Auth…');
    await p.choose(IDENTITY);
    const frame = webview();
    await frame.locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    await frame.locator('#app:not([aria-busy="true"])').waitFor({ timeout: 30_000 });
    const field = frame.locator('#field-accessTokenTTL input').first();
    expect((await field.inputValue()) === String(jsonTtl), `the form shows ${await field.inputValue()}`);
    await field.click();
    await page.keyboard.press('Control+A');
    await p.type(String(formTtl));
    await frame.locator('#changes-summary', { hasText: /1 change/ }).waitFor({ timeout: 10_000 });
    // The form's change summary is the confirmation: no dialog asks again.
    await frame.locator('#save').click();
    await serverHolds(serverTtl, formTtl);
    return `works: accessTokenTTL ${jsonTtl} → ${formTtl} saved, the server holds it`;
  });

  // ── 4. An oauth connection's description: the JSON editor ──

  const description = `walk ${new Date().toISOString().slice(0, 16)}`;
  await step(`4a. ${CONNECTION}: description in the JSON editor (Ctrl+S)`, 'connection-json', async () => {
    await p.command('View: Close All Editors');
    await p.clearNotifications();
    await p.command('Infisical: Edit Connection as JSON');
    await p.choose(CONNECTION);
    await page.locator('.tab', { hasText: `${CONNECTION}.jsonc` }).waitFor({ timeout: 30_000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const text = await p.shows(editor, /"description"/);
    const line = lineOf(text, '"description"');
    await p.retypeValue(editor, line, text.split('\n')[line - 1] ?? '', `"${description}"`);
    await p.shows(editor, new RegExp(`"description": "${description}"`));
    await page.keyboard.press('Control+S');
    await p.until(wb.dialogButton('Save'), 'the save confirmation');
    await wb.dialogButton('Save').click();
    await serverHolds(serverDescription, description);
    return `works: description ${JSON.stringify(before.description)} → "${description}" saved, the server holds it`;
  });

  const formDescription = `${description} form`;
  await step(`4b. ${CONNECTION}: description in the form`, 'connection-form', async () => {
    await p.command('View: Close All Editors');
    await p.clearNotifications();
    await p.command('Infisical: Edit Connection…');
    await p.choose(CONNECTION);
    const frame = webview();
    await frame.locator('#form[data-resource="connection"]').waitFor({ timeout: 30_000 });
    await frame.locator('#app:not([aria-busy="true"])').waitFor({ timeout: 30_000 });
    const field = frame.locator('#field-description textarea, #field-description input').first();
    expect((await field.inputValue()) === description, `the form shows "${await field.inputValue()}"`);
    await field.click();
    await page.keyboard.press('End');
    await p.type(' form');
    await frame.locator('#changes-summary', { hasText: /1 change/ }).waitFor({ timeout: 10_000 });
    // The form's change summary is the confirmation: no dialog asks again.
    await frame.locator('#save').click();
    await serverHolds(serverDescription, formDescription);
    return `works: description → "${formDescription}" saved, the server holds it`;
  });

  // ── 5. Export → plan → edit → plan → apply → plan "no changes", from the palette ──

  const FILE = 'realinf.infisical-azure.json';
  const exportedTtl = '45m';
  await step(
    '5. Export to Workspace File… › Everything → plan → apply → plan',
    'export-plan-apply',
    async () => {
      await p.command('View: Close All Editors');
      await p.clearNotifications();
      await p.command('Infisical: Export to Workspace File…');
      await p.choose('Everything');
      await p.saveAs('Export to a workspace file', /\.infisical-azure\.json$/, join(workspace, FILE));
      await p.until(page.locator('.tab', { hasText: FILE }), 'the exported file', 30_000);
      const told = (
        await p
          .toast(/^Exported /)
          .first()
          .innerText({ timeout: 15_000 })
      ).trim();
      const text = await readFile(join(workspace, FILE), 'utf8');
      const editor = page.locator(`.monaco-editor[data-uri$="${FILE}"]`).first();
      const plan = page.locator('.monaco-editor[data-uri^="infisical-plan:"]').first();

      await p.command('Infisical: Plan Workspace File');
      const first = await p.shows(plan, /No changes\.|Plan: /, 60_000);
      expect(/No changes\./.test(first), `the plan right after the export: ${first}`);

      await page.locator('.tab', { hasText: FILE }).first().click();
      const entry = lineOf(text, `"name": "${IDENTITY}"`);
      const ttlLine = text.split('\n').findIndex((l, i) => i >= entry && l.includes('"accessTokenTTL"')) + 1;
      await p.retypeValue(editor, ttlLine, text.split('\n')[ttlLine - 1] ?? '', `"${exportedTtl}"`);
      await page.keyboard.press('Control+S');
      await p.command('Infisical: Plan Workspace File');
      const second = await p.shows(plan, /Plan: 1 to update/, 60_000);
      await p.screenshot('export-plan-change');
      await p.command('Infisical: Apply Plan of Workspace File…');
      await p.until(wb.dialogButton('Apply'), 'the apply confirmation');
      await wb.dialogButton('Apply').click();
      await p.until(p.toast(/^Apply: /), 'the apply summary', 60_000);
      const applied = (
        await p
          .toast(/^Apply: /)
          .first()
          .innerText()
      ).trim();
      await serverHolds(serverTtl, 45 * 60);
      await p.command('Infisical: Plan Workspace File');
      const third = await p.shows(plan, /No changes\./, 60_000);
      const firstLine = (/** @type {string} */ s) =>
        s
          .split('\n')
          .find((l) => /No changes|Plan:/.test(l))
          ?.trim();
      return `works: "${told}"; plan "${firstLine(first)}"; TTL → ${exportedTtl}: plan "${firstLine(second)}"; "${applied}"; plan "${firstLine(third)}"`;
    },
  );

  // ── 6. Rotation: what the form, the JSON editor and the palette say for an oauth connection ──

  await step(`6. rotation of ${CONNECTION}: form, JSON editor, "Rotate … Now…"`, 'rotation', async () => {
    await p.command('View: Close All Editors');
    await p.clearNotifications();
    await p.command('Infisical: Edit Connection…');
    await p.choose(CONNECTION);
    const frame = webview();
    await frame.locator('#form[data-resource="connection"]').waitFor({ timeout: 30_000 });
    const section = (await frame.locator('#section-rotation').innerText({ timeout: 15_000 }))
      .replace(/\s+/g, ' ')
      .trim();
    const loading = p.toast(`Loading ${CONNECTION} from Infisical`);
    const lingers = await loading
      .first()
      .waitFor({ state: 'hidden', timeout: 10_000 })
      .then(
        () => false,
        () => true,
      );
    await p.screenshot('rotation-form');
    await p.command('View: Close All Editors');
    await p.command('Infisical: Edit Connection as JSON');
    await p.choose(CONNECTION);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const doc = await p.shows(editor, /"name"/);
    const rotationLines = doc
      .split('\n')
      .filter((l) => /rotat/i.test(l))
      .map((l) => l.trim());
    await p.screenshot('rotation-json');
    await p.command('View: Close All Editors');
    await p.clearNotifications();
    await p.command('Infisical: Rotate Connection Credentials Now…');
    await page.waitForTimeout(1500);
    let rotate = '';
    if (await p.quickInput.isVisible()) {
      const rows = (await p.quickInput.locator('.monaco-list-row').allInnerTexts()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      );
      rotate = `the picker offers ${rows.length ? `"${rows.join('", "')}"` : 'nothing'}`;
      await page.keyboard.press('Escape');
    }
    const toasts = (
      await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()
    ).map((t) => t.trim());
    if (toasts.length) rotate += `${rotate ? '; ' : ''}"${toasts.join('" / "')}"`;
    const linger = lingers
      ? ` (its "Loading ${CONNECTION} from Infisical…" notification still shows 10 s after the form loaded)`
      : '';
    return `form: "${section}"${linger}; JSON editor: ${rotationLines.length ? `"${rotationLines.join('" / "')}"` : 'no rotation key or comment'}; palette: ${rotate || 'nothing happened'}`;
  });

  // ── 7. The secrets typed in: nowhere on the server's disk (code-server keeps SecretStorage in the browser) ──

  await step('7. no token or client secret in any file code-server wrote', 'end', async () => {
    let scanned = 0;
    /** @type {string[]} */
    const holding = [];
    for await (const [file, text] of files(server.tempDir)) {
      scanned += 1;
      if (SECRETS.some((s) => text.includes(s))) holding.push(file.slice(server.tempDir.length + 1));
    }
    expect(scanned > 20, `only ${scanned} files scanned`);
    expect(holding.length === 0, `held by ${holding.join(', ')}`);
    return `works (${scanned} files scanned)`;
  });
} finally {
  // Put the shared server back as it was.
  const restored = [];
  try {
    if ((await serverTtl()) !== before.ttl) {
      await api.azureAuth.update(IDENTITY_ID, { accessTokenTTL: before.ttl });
      restored.push(`${IDENTITY} accessTokenTTL ${before.ttl}`);
    }
    if ((await serverDescription()) !== before.description) {
      await api.connections.updateAzureClientSecrets(CONNECTION_ID, { description: before.description });
      restored.push(`${CONNECTION} description ${JSON.stringify(before.description)}`);
    }
    console.log(
      `${WHO}: server restored${restored.length ? `: ${restored.join('; ')}` : ' (nothing had changed)'}`,
    );
  } catch (error) {
    console.error(`${WHO}: COULD NOT RESTORE the server: ${redact(String(error))}`);
    rows.push({ step: 'restore the server', result: `FAILED: ${redact(String(error))}`, ok: false });
  }
  await releaseAll();
}

const width = Math.max(...rows.map((r) => r.step.length), 4);
console.log(`\nReal Infisical server ${real.site}, extension in code-server — ${new Date().toISOString()}\n`);
console.log(`| ${'step'.padEnd(width)} | result |`);
console.log(`| ${'-'.repeat(width)} | ------ |`);
for (const r of rows) console.log(`| ${r.step.padEnd(width)} | ${r.result.replace(/\n/g, ' ')} |`);
const failed = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length - failed} of ${rows.length} steps worked; screenshots in ${SHOTS}`);
process.exit(failed ? 1 : 0);
