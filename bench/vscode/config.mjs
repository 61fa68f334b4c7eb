// @ts-check
// The extension's plan of the config stage's scale file, in real VS Code: one code-server window
// of the same session machinery as the VS Code stage (bench/vscode/session.mjs), signed in to the
// scaled sandbox, the file in its workspace; the probe runs "Plan Workspace File" on it.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { figure } from '../lib/report.mjs';
import { DEMO_PROFILE_NAME, since } from '../lib/sandbox.mjs';
import { median, ms } from '../lib/stats.mjs';
import { startSession } from './session.mjs';

const RUNS = 5;
const WALL_TARGET_MS = 5_000;

/**
 * @param {object} o
 * @param {string} o.root
 * @param {import('../../test/vscode/provision.mjs').Host} o.host
 * @param {string} o.vsix
 * @param {string} o.tempDir
 * @param {import('../lib/sandbox.mjs').SandboxHandle} o.sandbox
 * @param {string} o.scaleFile     the config stage's file (in sync with the sandbox's seed)
 * @param {{ core?: number, cli?: number }} o.beside  the core's and the CLI's plan of the same file
 * @param {boolean} o.verbose
 * @returns {Promise<import('../lib/report.mjs').Figure[]>}
 */
export async function extensionPlanFigure(o) {
  const dir = join(o.tempDir, 'config-vscode');
  await mkdir(dir, { recursive: true });
  const session = await startSession({
    host: o.host,
    root: o.root,
    vsix: o.vsix,
    tempDir: dir,
    sandboxUrl: o.sandbox.url,
    verbose: o.verbose,
  });
  /** @type {{ ms: number, actions: Record<string, number>, resources: number, requests: number }[]} */
  const runs = [];
  /** @type {{ prefix: string, ms: number, items: number, incomplete: boolean }[]} */
  const completions = [];
  /** @type {string[]} */
  const completionRequests = [];
  try {
    const file = join(session.workspace, basename(o.scaleFile));
    await copyFile(o.scaleFile, file);
    const win = await session.openWindow();
    await win.probe.call('signIn', {
      profile: {
        name: DEMO_PROFILE_NAME,
        siteUrl: o.sandbox.url,
        auth: 'universal-auth',
        clientId: o.sandbox.demo.clientId,
        clientSecret: o.sandbox.demo.clientSecret,
      },
    });
    for (let i = 0; i < RUNS; i++) {
      const n0 = o.sandbox.requests.length;
      const r = /** @type {{ ms: number, actions: Record<string, number>, resources: number }} */ (
        await win.probe.call('planWorkspaceFile', { path: file })
      );
      runs.push({ ...r, requests: since(o.sandbox, n0).length });
    }
    const n0 = o.sandbox.requests.length;
    const completed = /** @type {{ samples: typeof completions }} */ (
      await win.probe.call('nameCompletions', { path: file, prefixes: COMPLETION_PREFIXES })
    );
    completions.push(...completed.samples);
    completionRequests.push(
      ...since(o.sandbox, n0).map((r) => `${r.method} ${r.path}?search=${r.query?.search ?? ''}`),
    );
    await win.close();
  } finally {
    await session.close();
  }
  const [first, ...later] = runs;
  const value = median(later.map((r) => r.ms));
  const inSync = runs.every((r) => r.actions.none === r.resources);
  const beside = `core ${ms(o.beside.core)}, CLI ${ms(o.beside.cli)}`;
  const planFigure = figure({
    id: 'config.extensionPlan',
    group: 'Config',
    name: `Extension: Plan Workspace File on the scale file (beside ${beside})`,
    value: `${ms(first?.ms)} first in window, ${ms(value)} later`,
    raw: value ?? null,
    target: `≤ ${WALL_TARGET_MS / 1000} s`,
    pass: value === undefined || !first ? null : Math.max(value, first.ms) <= WALL_TARGET_MS && inSync,
    note: `executeCommand('infisical.config.plan', file, { show: false }) → the plan stored, in the extension host of one code-server window signed in with the demo identity (Universal Auth); the first plan of the window also loads the workspace-file code (zod, the API client, src/core/config); ${runs.length} plans: ${runs.map((r) => ms(r.ms)).join(', ')}; requests per plan: ${runs.map((r) => r.requests).join(', ')}; resources in sync: ${runs.map((r) => `${r.actions.none ?? 0}/${r.resources}`).join(', ')}`,
    samples: runs,
  });
  const searches = completionRequests.filter((r) => r.includes('/identity-memberships?'));
  const completionMs = median(completions.map((c) => c.ms));
  const completionFigure = figure({
    id: 'config.nameCompletion',
    group: 'Config',
    name: "Extension: completion of an identity's name in the scale file (10,000-identity org)",
    value: `${ms(completionMs)}, ${searches.length} requests for ${completions.length} completions`,
    raw: completionMs ?? null,
    target: '1 search request per completion, nothing else',
    pass:
      completions.length === 0
        ? null
        : searches.length === completions.length && completionRequests.length === searches.length,
    note: `vscode.executeCompletionItemProvider in "name" of a new identities entry, one prefix after the other (${completions.map((c) => `"${c.prefix}" ${ms(c.ms)}, ${c.items} name${c.items === 1 ? '' : 's'}${c.incomplete ? ', more on the server' : ''}`).join('; ')}); each includes the 150 ms pause the provider waits for typing to stop, and the JSON language server's own completion on the same ${Math.round((await stat(o.scaleFile)).size / 1024)} KiB document; requests: ${completionRequests.join(', ')}`,
    samples: completions,
  });
  return [planFigure, completionFigure];
}

/** Prefixes of the scale identities' names (scale-identity-00001 … 01000): a search each. */
const COMPLETION_PREFIXES = [
  's',
  'scale-identity-00',
  'scale-identity-005',
  'scale-identity-0099',
  'scale-identity-01000',
];
