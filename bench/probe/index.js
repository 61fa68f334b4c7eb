// @ts-check
// The benchmark's hands inside VS Code's extension host. code-server's smoke-test driver loads
// this file as `extensionTestsPath` and calls run(); run() says hello to bench/vscode/channel.mjs
// (BENCH_CHANNEL_URL), then runs the operations it is sent until told to end. Operations are
// small, named and measured here, where the extension runs; the orchestrator drives the order.
const { randomUUID } = require('node:crypto');
const v8 = require('node:v8');
const vm = require('node:vm');
const vscode = require('vscode');

const OURS = 'secretsops.infisical-access';
const PERF_URI = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });

/** @typedef {ReturnType<typeof import('../../src/extension').activate>} Api */
/** @typedef {{ type?: string, label?: unknown, contextValue?: string, membership?: { identity: { id: string } } }} Node */

v8.setFlagsFromString('--expose-gc');
/** @type {() => void} */
const gc = vm.runInNewContext('gc');

/** @returns {Promise<Api>} */
async function api() {
  const ext = vscode.extensions.getExtension(OURS);
  if (!ext) throw new Error(`${OURS} is not installed`);
  return /** @type {Api} */ (await ext.activate());
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `probe` returns something other than undefined.
 * @template T
 * @param {string} what
 * @param {() => T | undefined | Promise<T | undefined>} probe
 * @param {number} ms
 * @returns {Promise<T>}
 */
async function waitFor(what, probe, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Rows of "Extension Activation Stats" in Developer: Startup Performance (the `perf:` document
 * the workbench renders from its extension service's recorded activation times).
 * @param {string} text
 */
function parseActivationStats(text) {
  const section = text.split('## Extension Activation Stats')[1]?.split('\n## ')[0] ?? '';
  /** @type {Record<string, { eager: boolean, loadCode: number, callActivate: number, finishActivate: number, event: string, by: string }>} */
  const rows = {};
  for (const line of section.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 7 || !/^\d+$/.test(cells[2] ?? '')) continue;
    const [id, eager, loadCode, callActivate, finishActivate, event, by] = cells;
    rows[String(id).toLowerCase()] = {
      eager: eager === 'true',
      loadCode: Number(loadCode),
      callActivate: Number(callActivate),
      finishActivate: Number(finishActivate),
      event: String(event),
      by: String(by),
    };
  }
  return rows;
}

/** The first `{` of a document, where a new property line can be opened. */
function objectStart(/** @type {vscode.TextDocument} */ doc) {
  const at = doc.getText().indexOf('{');
  if (at < 0) throw new Error('the document has no object');
  return doc.positionAt(at + 1);
}

/** Opens an empty property line inside the object and puts the cursor on it. */
async function openPropertyLine(/** @type {vscode.TextEditor} */ editor) {
  const start = objectStart(editor.document);
  await editor.edit((b) => b.insert(start, '\n  '));
  const at = new vscode.Position(start.line + 1, 2);
  editor.selection = new vscode.Selection(at, at);
  return at;
}

/** An `infisical:` document by its path (the scheme our file system provider serves). */
const documentUri = (/** @type {string} */ path) => vscode.Uri.from({ scheme: 'infisical', path });

function editorOf(/** @type {string} */ path) {
  const uri = documentUri(path).toString();
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  if (!editor) throw new Error(`no visible editor for ${uri}`);
  return editor;
}

let reloading = false;

/** @type {Record<string, (args: any) => unknown>} */
const ops = {
  ping: () => ({ at: Date.now() }),

  /** Which of the given extensions are active. */
  status: (/** @type {{ ids: string[] }} */ { ids }) =>
    Object.fromEntries(ids.map((id) => [id, vscode.extensions.getExtension(id)?.isActive ?? null])),

  /** Heap after two full collections, the process's resident set, and V8's committed spaces. */
  memory: () => {
    gc();
    gc();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    return { ...process.memoryUsage(), newSpace: spaces.new_space ?? 0 };
  },

  activate: async (/** @type {{ id: string }} */ { id }) => {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) throw new Error(`${id} is not installed`);
    const t = performance.now();
    await ext.activate();
    return { ms: performance.now() - t };
  },

  /** VS Code's recorded activation times of `ids`, once all of them are listed. */
  activationTimes: async (
    /** @type {{ ids: string[], timeoutMs?: number }} */ { ids, timeoutMs = 20_000 },
  ) => {
    // Its content provider is a lazy workbench contribution: the command creates it (and opens it).
    await vscode.commands.executeCommand('perfview.show');
    const doc = await vscode.workspace.openTextDocument(PERF_URI);
    return waitFor(
      `activation times of ${ids.join(', ')} in ${PERF_URI.toString()}`,
      () => {
        const rows = parseActivationStats(doc.getText());
        return ids.every((id) => rows[id.toLowerCase()]) ? rows : undefined;
      },
      timeoutMs,
    );
  },

  signIn: async (/** @type {{ profile: Record<string, string> }} */ { profile }) => {
    await (await api()).signIn(profile);
    return { profiles: (await api()).ext.profiles.all().map((p) => p.name) };
  },

  profiles: async () => {
    const a = await api();
    const all = a.ext.profiles.all();
    const active = a.ext.profiles.active();
    return {
      names: all.map((p) => p.name),
      active: active?.name,
      signedIn: active ? await a.ext.profiles.isSignedIn(active) : false,
    };
  },

  setting: async (/** @type {{ key: string, value: unknown }} */ { key, value }) => {
    await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
    return {};
  },

  command: async (/** @type {{ id: string, args?: unknown[] }} */ { id, args = [] }) => {
    const t = performance.now();
    await vscode.commands.executeCommand(id, ...args);
    return { ms: performance.now() - t };
  },

  /**
   * The command "Plan Workspace File" on a file of the workspace (plan view not opened): its wall
   * time, and the plan it stored (counted per action).
   */
  planWorkspaceFile: async (/** @type {{ path: string }} */ { path }) => {
    const uri = vscode.Uri.file(path);
    const files = await (await api()).workspaceFiles.get();
    const before = files.stored(uri);
    const t = performance.now();
    await vscode.commands.executeCommand('infisical.config.plan', uri, { show: false });
    const ms = performance.now() - t;
    const stored = files.stored(uri);
    if (!stored || stored === before) throw new Error(`no plan of ${path} after the command (see its log)`);
    /** @type {Record<string, number>} */
    const actions = {};
    for (const r of stored.plan.resources) actions[r.action] = (actions[r.action] ?? 0) + 1;
    return { ms, actions, resources: stored.plan.resources.length };
  },

  /**
   * Completion of an identity's name in a workspace file, as typed: a new first entry whose name
   * is each prefix in turn (a different search each time, so no answer comes from the cache);
   * our items only (the ones with a description). The document is reverted afterwards.
   */
  nameCompletions: async (/** @type {{ path: string, prefixes: string[] }} */ { path, prefixes }) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const list = doc.getText().indexOf('"identities": [');
    if (list < 0) throw new Error(`${path} has no "identities" list`);
    const entry = doc.positionAt(list + '"identities": ['.length);
    await editor.edit((b) => b.insert(entry, '\n    { "name": "", "azureAuth": {} },'));
    const nameAt = doc.getText().indexOf('"name": ""', list) + '"name": "'.length;
    /** @type {{ prefix: string, ms: number, items: number, incomplete: boolean }[]} */
    const samples = [];
    let typed = '';
    for (const prefix of prefixes) {
      const start = doc.positionAt(nameAt);
      await editor.edit((b) => b.replace(new vscode.Range(start, start.translate(0, typed.length)), prefix));
      typed = prefix;
      const t = performance.now();
      const result = /** @type {vscode.CompletionList} */ (
        await vscode.commands.executeCommand(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          doc.positionAt(nameAt + prefix.length),
        )
      );
      const ms = performance.now() - t;
      const ours = result.items.filter((i) => typeof i.label !== 'string' && i.label.description);
      samples.push({ prefix, ms, items: ours.length, incomplete: !!result.isIncomplete });
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return { samples };
  },

  /** What the identities tree holds: the pages loaded, its filter, and the total it was told. */
  identities: async () => {
    const tree = (await (await api()).trees.ready()).identities;
    const nodes = /** @type {Node[]} */ (await tree.getChildren());
    const more = nodes.find((n) => n.type === 'loadMore');
    const total = /\((\d+) of (\d+)\)/.exec(String(more?.label ?? ''))?.[2];
    return {
      loadedCount: tree.loadedCount,
      identityNodes: nodes.filter((n) => n.type === 'identity').length,
      total: total === undefined ? undefined : Number(total),
      filter: tree.filter,
    };
  },

  /**
   * The extension host's own performance marks (wall-clock ms): its start, when it was ready,
   * and when each extension's code loaded and activated.
   */
  marks: () => {
    /** @type {{ MonacoPerformanceMarks?: { getMarks(): { name: string, startTime: number }[] } }} */
    const g = /** @type {any} */ (globalThis);
    return (g.MonacoPerformanceMarks?.getMarks() ?? []).filter((m) =>
      /^code\/(timeOrigin|extHost\/(ready|(will|did)(LoadExtensionCode|ActivateExtension)\/))/.test(m.name),
    );
  },

  /** How many connections the App Connections tree holds (call once it has loaded). */
  connections: async () => ({
    held: (await (await (await api()).trees.ready()).connections.connections()).length,
  }),

  setFilter: async (/** @type {{ text: string }} */ { text }) => {
    (await (await api()).trees.ready()).identities.setFilter(text);
    return {};
  },

  /** Opens an `infisical:` document in an editor; the time is the open as the API sees it. */
  openDocument: async (/** @type {{ path: string }} */ { path }) => {
    const t = performance.now();
    const doc = await vscode.workspace.openTextDocument(documentUri(path));
    await vscode.window.showTextDocument(doc, { preview: false });
    return { ms: performance.now() - t, chars: doc.getText().length, languageId: doc.languageId };
  },

  /**
   * Completion on a new property line, through VS Code's own completion pipeline (the JSON
   * language server with our schema): the first call and `n` more, each timed.
   */
  completions: async (/** @type {{ path: string, n: number }} */ { path, n }) => {
    const editor = editorOf(path);
    const at = await openPropertyLine(editor);
    /** @type {number[]} */
    const samples = [];
    /** @type {string[]} */
    let labels = [];
    for (let i = 0; i <= n; i++) {
      const t = performance.now();
      const list = /** @type {vscode.CompletionList} */ (
        await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', editor.document.uri, at)
      );
      samples.push(performance.now() - t);
      labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return { samples, labels };
  },

  /** Leaves the cursor on a new property line of the focused editor, for a UI completion. */
  prepareSuggest: async (/** @type {{ path: string }} */ { path }) => {
    const editor = editorOf(path);
    await vscode.window.showTextDocument(editor.document, { preview: false, preserveFocus: false });
    await openPropertyLine(editor);
    // Messages to the workbench keep their order: once this command ran, the cursor is in place.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    return {};
  },

  revert: async (/** @type {{ path: string }} */ { path }) => {
    await vscode.window.showTextDocument(editorOf(path).document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return {};
  },

  /** Replaces a top-level number field's value, as a user would, then saves (Ctrl+S). */
  editAndSave: async (
    /** @type {{ path: string, field: string, value: string }} */ { path, field, value },
  ) => {
    const editor = editorOf(path);
    const text = editor.document.getText();
    const match = new RegExp(`("${field}":\\s*)([^,\\n]+)`).exec(text);
    if (!match) throw new Error(`${field} is not in the document`);
    const start = editor.document.positionAt(match.index + (match[1]?.length ?? 0));
    const end = editor.document.positionAt(match.index + match[0].length);
    await editor.edit((b) => b.replace(new vscode.Range(start, end), value));
    const t = performance.now();
    const saved = await editor.document.save();
    return { ms: performance.now() - t, saved, dirty: editor.document.isDirty };
  },

  /**
   * Reloads the window shortly after answering: a fresh workbench and extension host, state
   * kept. run() must not return meanwhile (the test runner would end this extension host first).
   */
  reload: () => {
    reloading = true;
    setTimeout(() => void vscode.commands.executeCommand('workbench.action.reloadWindow'), 50);
    return {};
  },

  closeEditors: async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    return {};
  },

  /** The longest the extension host's event loop was late over `ms`, sampled every 5 ms. */
  eventLoopLag: async (/** @type {{ ms: number }} */ { ms }) => {
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 5);
      last = now;
    }, 5);
    await sleep(ms);
    clearInterval(timer);
    return { maxLagMs: worst };
  },

  /** The floor for a webview's first paint: a panel with one static heading, no script. */
  floorWebview: () => {
    const panel = vscode.window.createWebviewPanel('benchFloor', 'Floor', vscode.ViewColumn.Active, {});
    panel.webview.html = '<!DOCTYPE html><html><body><h1 id="floor">Hello</h1></body></html>';
    return {};
  },

  /** Runs a command with an identity that has Azure Auth (from the loaded page) as its argument. */
  commandOnAzureIdentity: async (/** @type {{ id: string }} */ { id }) => {
    const nodes = /** @type {Node[]} */ (await (await (await api()).trees.ready()).identities.getChildren());
    const node = nodes.find((n) => n.type === 'identity' && /hasAzureAuth/.test(n.contextValue ?? ''));
    if (!node) throw new Error('no identity with Azure Auth on the loaded page');
    // Not awaited: the caller times the form from the UI, not from the command's promise.
    void vscode.commands.executeCommand(id, node);
    return { identityId: node.membership?.identity.id };
  },
};

/** Called by VS Code's test runner inside the extension host. */
async function run() {
  const base = process.env.BENCH_CHANNEL_URL;
  if (!base) throw new Error('BENCH_CHANNEL_URL is not set in the extension host');
  const session = randomUUID();
  /** @param {string} path @param {unknown} [body] */
  const post = async (path, body) =>
    (
      await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      })
    ).json();
  const hello = /** @type {{ accepted: boolean }} */ (await post('/hello', { session, pid: process.pid }));
  if (!hello.accepted) return;
  for (;;) {
    const op = /** @type {{ id: number, op: string, args: unknown }} */ (
      await (await fetch(`${base}/next?session=${session}`)).json()
    );
    if (op.op === 'end') return;
    const handler = ops[op.op];
    try {
      if (!handler) throw new Error(`unknown operation ${op.op}`);
      await post('/result', { id: op.id, ok: true, value: await handler(op.args) });
      // The window goes away with this extension host; until then, take nothing more.
      if (reloading) await new Promise(() => {});
    } catch (err) {
      await post('/result', {
        id: op.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

module.exports = { run };
