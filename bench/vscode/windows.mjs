// @ts-check
// What the benchmark does in each VS Code window. Two kinds alternate in one page, joined by
// Reload Window (which saves the workbench state, so the next window opens as this one left it):
//
//  - hidden: the window opens on the Explorer, the Infisical container not visible. The probe
//    activates the hello-world floor and ours through the API (same trigger, order alternating),
//    then the window measures the trees, the JSON editor, a slow server and the form, and ends
//    with the Infisical container open;
//  - visible: the window therefore opens with the Infisical container visible: ours activates at
//    startup (onView) and its views load at once. It ends back on the Explorer.
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForQuiet } from '../lib/quiet.mjs';
import { since } from '../lib/sandbox.mjs';
import { HELLO_ID } from './hello.mjs';
import {
  activityBarEntry,
  EXTENSION_ID,
  PROBE_WEBVIEW_ID,
  paletteOpenMs,
  pane,
  row,
  scrollUntil,
  suggestWidget,
  visibleAfter,
  webviewContent,
} from './ui.mjs';

/** How long after activation a request still counts as caused by it. */
const AFTER_ACTIVATION_MS = 1_000;
/** Latency injected for the slow-server figure. */
export const SLOW_MS = 3_000;

/**
 * @typedef {import('../lib/sandbox.mjs').SandboxHandle} SandboxHandle
 * @typedef {import('../lib/sandbox.mjs').RequestLogEntry} RequestLogEntry
 * @typedef {import('./session.mjs').Window} Window
 * @typedef {{ rss: number, heapUsed: number, heapTotal: number, external: number, newSpace: number }} Memory
 * @typedef {{ eager: boolean, loadCode: number, callActivate: number, finishActivate: number, event: string, by: string }} ActivationRow
 *
 * @typedef {object} Data   what the windows look for, computed from the sandbox's state
 * @property {string} orgId
 * @property {Record<string, string>} profile       the profile signed in to (the scaled demo organization)
 * @property {string} firstIdentity                 first identity by name: the first row of the tree
 * @property {string} pageTwoFirst                  first identity of the second page
 * @property {{ text: string, first: string }} search
 * @property {{ path: string, identityId: string, ttl: number, maxTtl: number }} document
 * @property {string | undefined} formCommand       the form command when package.json contributes it
 *
 * @typedef {{ sandbox: SandboxHandle, data: Data }} Ctx
 */

const ids = [HELLO_ID, EXTENSION_ID];

/** @param {RequestLogEntry[]} requests */
const lines = (requests) =>
  requests.map((r) => `${r.method} ${r.path}${r.query.search ? `?search=${r.query.search}` : ''}`);
const identityPages = (/** @type {RequestLogEntry[]} */ requests) =>
  requests.filter((r) => r.method === 'GET' && r.path.endsWith('/identity-memberships'));

/** The first window: signs in (the profile and its secret persist in the browser context). */
export async function warmUp(/** @type {Ctx} */ ctx, /** @type {Window} */ win) {
  await win.probe.call('signIn', { profile: ctx.data.profile });
  await win.probe.call('command', { id: 'workbench.view.explorer' });
}

/**
 * @param {Ctx} ctx
 * @param {Window} win
 * @param {number} index   decides the activation order (alternating)
 */
export async function hiddenWindow(ctx, win, index) {
  const { page, probe } = win;
  const { sandbox, data } = ctx;
  // A fresh window's startup (extension host, eager extensions) settles before timing.
  const settled = await waitForQuiet();
  const before = /** @type {Record<string, boolean>} */ (await probe.call('status', { ids }));
  const order = index % 2 === 0 ? [HELLO_ID, EXTENSION_ID] : [EXTENSION_ID, HELLO_ID];

  // Activation, the floor's and ours, each followed by the extension host's heap.
  /** @type {Memory[]} */
  const memory = [await probe.call('memory')];
  /** @type {Record<string, number>} */
  const wallMs = {};
  const n0 = sandbox.requests.length;
  for (const id of order) {
    wallMs[id] = /** @type {{ ms: number }} */ (await probe.call('activate', { id })).ms;
    memory.push(await probe.call('memory'));
  }
  await sleep(AFTER_ACTIVATION_MS);
  const activationRequests = lines(since(sandbox, n0));

  const { memory: treeMemory, ...trees } = await measureTrees(ctx, win);
  memory.push(...treeMemory);
  const editing = await measureEditing(ctx, win, index);
  const slow = await measureSlowServer(ctx, win);
  const form = data.formCommand ? await measureForm(ctx, win, data.formCommand, index) : undefined;

  const activation = /** @type {Record<string, ActivationRow>} */ (
    await probe.call('activationTimes', { ids })
  );
  await probe.call('closeEditors');
  await activityBarEntry(page, 'Infisical').waitFor();
  return {
    settled,
    startedActive: before,
    order,
    wallMs,
    activation,
    activationRequests,
    memory: heapDeltas(memory, order),
    trees,
    editing,
    slow,
    form,
  };
}

/**
 * Memory attributable to ours: the extension host with ours (and its trees) and the floor,
 * minus the extension host with the floor only. Heap = V8 heap used + external, after two
 * full collections; RSS as the OS reports it.
 * @param {Memory[]} m   [before, after first, after second, identities page 1, page 2, with connections, connections again]
 * @param {string[]} order
 */
function heapDeltas(m, order) {
  const heap = (/** @type {Memory | undefined} */ x) => (x ? x.heapUsed + x.external : Number.NaN);
  const rss = (/** @type {Memory | undefined} */ x) => (x ? x.rss : Number.NaN);
  const oursFirst = order[0] === EXTENSION_ID;
  // The floor state (hello-world only) is m[1] when it went first; else m[0] plus its own increment.
  /** @param {(x: Memory | undefined) => number} f */
  const floor = (f) => (oursFirst ? f(m[0]) + (f(m[2]) - f(m[1])) : f(m[1]));
  /** @param {(x: Memory | undefined) => number} f */
  const afterOurs = (f) => (oursFirst ? f(m[1]) - f(m[0]) : f(m[2]) - f(m[1]));
  return {
    floorHeap: floor(heap),
    floorIncrement: oursFirst ? heap(m[2]) - heap(m[1]) : heap(m[1]) - heap(m[0]),
    activationHeap: afterOurs(heap),
    activationRss: afterOurs(rss),
    firstPageHeap: heap(m[3]) - floor(heap),
    firstPageRss: rss(m[3]) - floor(rss),
    secondPageHeap: heap(m[4]) - floor(heap),
    secondPageRss: rss(m[4]) - floor(rss),
    bothTreesHeap: heap(m[5]) - floor(heap),
    bothTreesRss: rss(m[5]) - floor(rss),
    // What V8 keeps committed (heap reserved, used or not; its young generation alone).
    bothTreesCommitted: (m[5]?.heapTotal ?? Number.NaN) - floor((x) => x?.heapTotal ?? Number.NaN),
    bothTreesNewSpace: (m[5]?.newSpace ?? Number.NaN) - floor((x) => x?.newSpace ?? Number.NaN),
    refreshedHeap: heap(m[6]) - floor(heap),
    refreshedRss: rss(m[6]) - floor(rss),
    raw: m,
  };
}

/**
 * Opens the Infisical container (activation done). The identities tree first, alone: the
 * connections list answers 500 meanwhile, so its memory is the identities tree's. Then one more
 * page through the "Load more" row, a server-side search, and last the App Connections tree
 * (every connection of the organization: the list is not paged) through its Refresh.
 * @param {Ctx} ctx
 * @param {Window} win
 */
async function measureTrees(ctx, win) {
  const { page, probe } = win;
  const { sandbox, data } = ctx;
  const identities = pane(page, 'Machine Identities');
  const connections = pane(page, 'App Connections');

  sandbox.faults.add({ method: 'GET', path: '/api/v1/app-connections', status: 500 });
  let n = sandbox.requests.length;
  const t0 = performance.now();
  await activityBarEntry(page, 'Infisical').click();
  const identitiesMs = await visibleAfter(row(identities, data.firstIdentity), t0);
  const firstLoad = since(sandbox, n);
  const held1 = /** @type {{ loadedCount: number, total: number }} */ (await probe.call('identities'));
  const memoryAfterFirstPage = /** @type {Memory} */ (await probe.call('memory'));

  const more = row(identities, 'Load more');
  await scrollUntil(page, identities, more);
  n = sandbox.requests.length;
  const t1 = performance.now();
  await more.first().click();
  const loadMoreMs = await visibleAfter(row(identities, data.pageTwoFirst), t1);
  const loadMore = since(sandbox, n);
  const held2 = /** @type {{ loadedCount: number, total: number }} */ (await probe.call('identities'));
  const memoryAfterSecondPage = /** @type {Memory} */ (await probe.call('memory'));

  n = sandbox.requests.length;
  const t2 = performance.now();
  await probe.call('setFilter', { text: data.search.text });
  const searchMs = await visibleAfter(row(identities, data.search.first), t2);
  const search = since(sandbox, n);
  await probe.call('setFilter', { text: '' });
  await row(identities, data.firstIdentity).first().waitFor();

  sandbox.faults.clear();
  n = sandbox.requests.length;
  const t3 = performance.now();
  await probe.call('command', { id: 'infisical.refreshConnections' });
  const connectionsMs = await visibleAfter(row(connections, 'Azure Client Secrets'), t3);
  const connectionsLoad = since(sandbox, n);
  const connectionsHeld = /** @type {{ held: number }} */ (await probe.call('connections')).held;
  const memoryWithConnections = /** @type {Memory} */ (await probe.call('memory'));
  // The same load again: does the resident set grow with each load, or stay where the first left it?
  await probe.call('command', { id: 'infisical.refreshConnections' });
  await probe.call('connections');
  const memoryAfterRefresh = /** @type {Memory} */ (await probe.call('memory'));

  return {
    identitiesMs,
    firstLoad: lines(firstLoad),
    firstPageRequests: identityPages(firstLoad).length,
    held1,
    loadMoreMs,
    loadMore: lines(loadMore),
    loadMoreRequests: identityPages(loadMore).length,
    held2,
    searchMs,
    search: lines(search),
    searchRequests: identityPages(search).length,
    connectionsMs,
    connectionsLoad: lines(connectionsLoad),
    connectionsHeld,
    connectionsTotal: sandbox.state.connections.filter((c) => c.orgId === data.orgId).length,
    memory: [memoryAfterFirstPage, memoryAfterSecondPage, memoryWithConnections, memoryAfterRefresh],
  };
}

/**
 * The JSON editor on an identity's Azure Auth: open (requests), schema completion through VS
 * Code's completion command and in the suggest widget, and a save (requests, PATCH body).
 * @param {Ctx} ctx
 * @param {Window} win
 * @param {number} index
 */
async function measureEditing(ctx, win, index) {
  const { page, probe } = win;
  const { sandbox, data } = ctx;
  const path = data.document.path;
  await probe.call('closeEditors');

  let n = sandbox.requests.length;
  const open = /** @type {{ ms: number }} */ (await probe.call('openDocument', { path }));
  const opened = since(sandbox, n);

  const completion = /** @type {{ samples: number[], labels: string[] }} */ (
    await probe.call('completions', { path, n: 10 })
  );
  await probe.call('prepareSuggest', { path });
  const t = performance.now();
  await page.keyboard.press('Control+Space');
  const suggestMs = await visibleAfter(suggestWidget(page), t, 15_000).catch(() => undefined);
  await page.keyboard.press('Escape');
  await probe.call('revert', { path });

  // A TTL that differs from the stored one and stays within MaxTTL.
  const stored = sandbox.state.azureAuths.find((a) => a.identityId === data.document.identityId);
  const ttl = 1800 + index === stored?.accessTokenTTL ? 1900 + index : 1800 + index;
  n = sandbox.requests.length;
  const save = /** @type {{ ms: number, saved: boolean }} */ (
    await probe.call('editAndSave', { path, field: 'accessTokenTTL', value: String(ttl) })
  );
  const saved = since(sandbox, n);
  const patch = saved.find((r) => r.method === 'PATCH');
  await probe.call('closeEditors');

  const onResource = (/** @type {RequestLogEntry} */ r) => r.path.endsWith(`/${data.document.identityId}`);
  return {
    openMs: open.ms,
    openRequests: lines(opened),
    openGets: opened.filter((r) => r.method === 'GET' && onResource(r)).length,
    completionMs: completion.samples,
    completionHasSchema: completion.labels.some((l) => l.includes('accessTokenTrustedIps')),
    suggestMs,
    saveMs: save.ms,
    saved: save.saved,
    saveRequests: lines(saved),
    saveGets: saved.filter((r) => r.method === 'GET' && onResource(r)).length,
    savePatches: saved.filter((r) => r.method === 'PATCH' && onResource(r)).length,
    patchKeys: patch && typeof patch.body === 'object' && patch.body ? Object.keys(patch.body).sort() : [],
  };
}

/**
 * A refresh of the identities tree while the server takes SLOW_MS to answer: does the view
 * show progress, and do the workbench and the extension host keep answering meanwhile?
 * @param {Ctx} ctx
 * @param {Window} win
 */
async function measureSlowServer(ctx, win) {
  const { page, probe } = win;
  const { sandbox, data } = ctx;
  const identities = pane(page, 'Machine Identities');
  sandbox.faults.add({
    path: `/api/v2/organizations/${data.orgId}/identity-memberships`,
    latencyMs: SLOW_MS,
    times: 1,
  });
  const t = performance.now();
  await probe.call('command', { id: 'infisical.refreshIdentities' });
  const progress = identities.locator('.monaco-progress-container.active');
  const progressMs = await visibleAfter(progress, t, SLOW_MS - 500).catch(() => undefined);
  const paletteMs = await paletteOpenMs(page);
  const p = performance.now();
  await probe.call('ping');
  const pingMs = performance.now() - p;
  const lag = /** @type {{ maxLagMs: number }} */ (await probe.call('eventLoopLag', { ms: 800 }));
  await progress.first().waitFor({ state: 'hidden', timeout: SLOW_MS + 15_000 });
  await row(identities, data.firstIdentity).first().waitFor();
  return { progressMs, paletteMs, pingMs, maxLagMs: lag.maxLagMs, doneMs: performance.now() - t };
}

/**
 * The form webview, from the command to its first paint (the form replacing "Loading…"), beside
 * the floor: a webview with one static heading, opened by the probe. The first webview of a
 * window also pays for VS Code's webview bootstrap, so the order alternates between windows and
 * each sample says whether it was the window's first.
 * @param {Ctx} ctx
 * @param {Window} win
 * @param {string} command
 * @param {number} index
 */
async function measureForm(ctx, win, command, index) {
  const { page, probe } = win;
  const frame = (/** @type {string} */ id) => page.locator(`iframe.webview.ready[src*="extensionId=${id}"]`);
  const ours = {
    frame: frame(EXTENSION_ID),
    painted: webviewContent(page).locator('main#app:not([aria-busy="true"]) > :not(.loading)'),
    open: () => probe.call('commandOnAzureIdentity', { id: command }),
  };
  const floor = {
    frame: frame(PROBE_WEBVIEW_ID),
    painted: webviewContent(page, PROBE_WEBVIEW_ID).locator('#floor'),
    open: () => probe.call('floorWebview'),
  };
  const sequence = index % 2 === 0 ? [ours, floor, ours, floor] : [floor, ours, floor, ours];
  /** @type {{ who: 'ours' | 'floor', first: boolean, ms?: number, frameMs?: number, getMs?: number }[]} */
  const samples = [];
  for (const [i, which] of sequence.entries()) {
    const n = ctx.sandbox.requests.length;
    const wall = Date.now();
    const t = performance.now();
    await which.open();
    const [frameMs, ms] = await Promise.all([
      visibleAfter(which.frame, t, 30_000).catch(() => undefined),
      visibleAfter(which.painted, t, 30_000).catch(() => undefined),
    ]);
    const get = since(ctx.sandbox, n).find((r) => r.method === 'GET');
    samples.push({
      who: which === ours ? 'ours' : 'floor',
      first: i === 0,
      ms,
      frameMs,
      getMs: get ? get.at - wall : undefined,
    });
    await probe.call('closeEditors');
    await page.waitForTimeout(200);
  }
  return samples;
}

/**
 * The window opened with the Infisical container visible: ours activated at startup.
 * @param {Ctx} ctx
 * @param {Window} win
 * @param {Promise<{ identitiesMs: number, connectionsMs: number, at: number }>} rows   started when the page loaded
 * @param {{ requests: number, wall: number }} began   the request log's length and Date.now() when the reload began
 */
export async function visibleWindow(ctx, win, rows, began) {
  const { probe } = win;
  const first = await rows.catch((err) => {
    throw new Error(`the window did not show the Infisical trees at startup: ${err.message}`);
  });
  const requests = since(ctx.sandbox, began.requests).filter((r) => r.at <= first.at);
  const status = /** @type {Record<string, boolean>} */ (await probe.call('status', { ids }));
  const activation = /** @type {Record<string, ActivationRow>} */ (
    await probe.call('activationTimes', { ids: [EXTENSION_ID] })
  );
  const marks = /** @type {{ name: string, startTime: number }[]} */ (await probe.call('marks'));
  const at = (/** @type {string} */ name) => {
    const mark = marks.find((m) => m.name === name);
    return mark ? mark.startTime - began.wall : undefined;
  };
  await probe.call('closeEditors');
  await probe.call('command', { id: 'workbench.view.explorer' });
  return {
    /** Milliseconds after Reload Window, by the extension host's marks and the sandbox's log. */
    timeline: {
      workbenchReady: win.readyMs,
      extensionHostStarted: at('code/timeOrigin'),
      extensionHostReady: at('code/extHost/ready'),
      oursLoading: at(`code/extHost/willLoadExtensionCode/${EXTENSION_ID}`),
      oursActivated: at(`code/extHost/didActivateExtension/${EXTENSION_ID}`),
      firstRequest: requests[0] ? requests[0].at - began.wall : undefined,
      identitiesRendered: first.identitiesMs,
      connectionsRendered: first.connectionsMs,
    },
    requests: lines(requests),
    status,
    activation: activation[EXTENSION_ID.toLowerCase()],
  };
}

/**
 * Starts waiting for both views' first rows as soon as a reloaded page has loaded.
 * @param {Data} data
 * @param {import('playwright-core').Page} page
 * @param {number} since   performance.now() when the reload began
 */
export async function firstRows(data, page, since) {
  const [identitiesMs, connectionsMs] = await Promise.all([
    visibleAfter(row(pane(page, 'Machine Identities'), data.firstIdentity), since, 60_000),
    visibleAfter(row(pane(page, 'App Connections'), 'Azure Client Secrets'), since, 60_000),
  ]);
  return { identitiesMs, connectionsMs, at: Date.now() };
}
