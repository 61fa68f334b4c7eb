import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { planUri } from '../../src/config/planView';
import { applySummaryLine, renderPlanText } from '../../src/core/config/render';
import type { SandboxState } from '../sandbox/types';
import {
  type Api,
  control,
  DEMO,
  EXTENSION_ID,
  requests,
  sandboxUrl,
  setSetting,
  signedInBeforeEach,
  waitFor,
} from './helpers';

/**
 * Workspace files (`*.infisical-azure.json`) in the extension host: live diagnostics without the
 * network, schema completion, export, plan, apply of exactly the plan, and every refusal before
 * a request.
 */

const folder = () => {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(f, 'the test window has a workspace folder');
  return f;
};
let counter = 0;
const fileUri = (name = `t${++counter}-${Date.now()}.infisical-azure.json`) =>
  vscode.Uri.joinPath(folder(), name);

async function writeFile(uri: vscode.Uri, text: string): Promise<vscode.TextEditor> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

const ours = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'infisical-azure' || d.source === 'infisical plan');

async function state(): Promise<SandboxState> {
  return control<SandboxState>('GET', 'state');
}

/** Replaces the first match of `pattern` in the editor (an edit as a person makes it). */
async function edit(editor: vscode.TextEditor, pattern: RegExp, replacement: string): Promise<void> {
  const text = editor.document.getText();
  const m = pattern.exec(text);
  assert.ok(m, `${pattern} is in the file`);
  const range = new vscode.Range(
    editor.document.positionAt(m.index),
    editor.document.positionAt(m.index + m[0].length),
  );
  assert.ok(await editor.edit((b) => b.replace(range, replacement)));
}

/**
 * Saves a document: true once its text is on disk. code-server auto saves a file a second after
 * an edit, and an explicit save that lands while that save runs its participants returns false
 * ("refusing to save() recursively from save participant" in the workbench's trace) although the
 * auto save then writes the same text: the document's dirty flag decides.
 */
async function saved(doc: vscode.TextDocument): Promise<boolean> {
  if (await doc.save()) return true;
  const until = Date.now() + 5_000;
  while (doc.isDirty && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !doc.isDirty;
}

async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return (error as Error).message;
  }
  return assert.fail('expected a refusal');
}

/** The command-line tool built from the same core, run on a file of the workspace. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  assert.ok(root);
  const env = {
    PATH: process.env.PATH,
    INFISICAL_API_URL: sandboxUrl(),
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: DEMO.clientId,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: DEMO.clientSecret,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'dist-cli', 'infisical-azure.js'), ...args],
      { cwd: folder().fsPath, env },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

/** The plan text without the moment it was read. */
const timeless = (text: string) => text.replace(/ · read \S+/, ' · read <time>');

const rangeOf = (doc: vscode.TextDocument, offset: number, length: number) =>
  new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));

/** The code actions VS Code gathers at a range (Ctrl+.), of one kind. */
const codeActions = (uri: vscode.Uri, range: vscode.Range, kind = vscode.CodeActionKind.QuickFix) =>
  vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind.value,
  );

const writes = async () => (await requests()).filter((r) => r.method !== 'GET');

/** The CodeLens titles VS Code shows on a document (a workspace file or a plan view). */
const lensTitles = async (uri: vscode.Uri) =>
  (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map(
    (l) => l.command?.title ?? '',
  );

/**
 * Every surface of a file's plan at one moment: the file's CodeLens, the plan view's CodeLens and
 * text, and what the plan put in Problems.
 */
async function surfaces(files: { planText(uri: vscode.Uri): string }, uri: vscode.Uri) {
  const view = planUri(uri);
  return {
    file: await lensTitles(uri),
    view: await lensTitles(view),
    viewText: files.planText(view),
    fromPlan: vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'infisical plan'),
  };
}

/** What a plan view open in an editor shows, once VS Code has read it again. */
async function planViewShows(files: { planText(uri: vscode.Uri): string }, uri: vscode.Uri): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(planUri(uri));
  return waitFor('the plan view drawn again', () => {
    const text = doc.getText();
    return text === files.planText(planUri(uri)) ? text : undefined;
  });
}

const APPLY = /Apply \d+ change/;

/** The fault-matrix rows of plan and apply: what happened and what the user was told. */
interface ScenarioRow {
  id: string;
  label: string;
  pass: boolean;
  saw: string;
}
const scenarios: ScenarioRow[] = [];
const saw = (id: string, label: string, text: string) => scenarios.push({ id, label, pass: true, saw: text });

describe('Workspace files: diagnostics, export, plan and apply', function () {
  this.timeout(60_000);
  let a: Api;
  // Edited files are saved after each test: closing a dirty editor would ask in a modal dialog,
  // which holds up the workbench (and every view reveal) in the tests that follow.
  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments)
      if (doc.isDirty && doc.uri.scheme === 'file') await doc.save();
    await setSetting('secrets.keepOutOfText', undefined);
  });
  after(() => {
    const dir = process.env.INFISICAL_TEST_RESULTS;
    if (!dir || scenarios.length === 0) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'fault-matrix-config-host.json'),
      `${JSON.stringify({ at: new Date().toISOString(), rows: scenarios }, null, 2)}\n`,
    );
  });
  signedInBeforeEach((api) => {
    a = api;
  });
  // The Infisical views hidden: visible, they reload by themselves after each sign-in, and their
  // requests would blur what a plan sends (the Reveal test shows them itself).
  before(() => vscode.commands.executeCommand('workbench.view.explorer'));

  /** Exports two identities and two connections (one in a project) as a person picks them in the views. */
  async function exported(): Promise<{
    uri: vscode.Uri;
    editor: vscode.TextEditor;
    ids: Record<string, string>;
  }> {
    const s = await state();
    const id = (name: string) =>
      s.identities.find((i) => i.name === name && i.orgId === DEMO.orgId)?.id ?? '';
    const conn = (name: string) =>
      s.connections.find((c) => c.name === name && c.orgId === DEMO.orgId)?.id ?? '';
    const ids = {
      aks: id('aks-prod-workload'),
      functions: id('functions-billing'),
      prod: conn('prod-entra-graph'),
      payments: conn('payments-entra'),
    };
    const files = await a.workspaceFiles.get();
    const uri = fileUri();
    await files.exportFile(
      { identities: [ids.aks, ids.functions], connections: [ids.prod, ids.payments] },
      uri,
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    return { uri, editor: await vscode.window.showTextDocument(doc), ids };
  }

  it('a typo is an error diagnostic on its exact range, without any request; .infisical.json is not ours', async () => {
    await control('DELETE', 'requests');
    const uri = fileUri();
    const text = `{
  "site": "https://eu.infisical.com",
  "organization": { "id": "org-1" },
  "identities": [
    { "name": "ci", "azureAuth": { "accessTokenTTL": "30x", "tenantId": "not-a-guid" } }
  ],
  "connections": [ { "name": "prod", "descripton": "Prod", "credentials": { "clientSecret": "hunter2-literal" } } ]
}
`;
    const editor = await writeFile(uri, text);
    const diagnostics = await waitFor('our diagnostics', () =>
      ours(uri).length >= 4 ? ours(uri) : undefined,
    );
    const at = (needle: string) => {
      const offset = text.indexOf(needle);
      return new vscode.Range(
        editor.document.positionAt(offset),
        editor.document.positionAt(offset + needle.length),
      );
    };
    const ttl = diagnostics.find((d) => /accessTokenTTL "30x" is not a duration/.test(d.message));
    assert.ok(ttl, diagnostics.map((d) => d.message).join('\n'));
    assert.deepEqual(ttl.range, at('"30x"'));
    const tenant = diagnostics.find((d) => /tenantId must be a GUID/.test(d.message));
    assert.deepEqual(tenant?.range, at('"not-a-guid"'));
    // A misspelt key says which field it likely means, as the CLI's validate does (one validator).
    const typo = diagnostics.find((d) => /"descripton"/.test(d.message));
    assert.equal(
      typo?.message,
      '"descripton" is not a field Infisical accepts here. Did you mean "description"?',
    );
    assert.deepEqual(typo?.range.start, at('"descripton"').start);
    const secret = diagnostics.find((d) => d.code === 'inline-secret');
    assert.ok(secret, 'a literal secret is an error');
    assert.deepEqual(secret.range, at('"hunter2-literal"'));
    assert.ok(!secret.message.includes('hunter2'), 'the message never repeats the secret');
    assert.equal((await requests()).length, 0, 'diagnostics never reach the network');

    // Infisical's own CLI link file: our schema and validator stay away.
    const link = vscode.Uri.joinPath(folder(), '.infisical.json');
    await writeFile(link, '{ "workspaceId": "abc", "defaultEnvironment": "dev", "bogus": 1 }\n');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      vscode.languages.getDiagnostics(link).map((d) => `${d.source}: ${d.message}`),
      [],
      'no diagnostics on .infisical.json',
    );
  });

  it('completion inside azureAuth comes from the JSON Schema generated from zod', async () => {
    const uri = fileUri();
    const text = `{
  "site": "https://eu.infisical.com",
  "organization": { "id": "org-1" },
  "identities": [ { "name": "ci", "azureAuth": {  } } ]
}
`;
    const editor = await writeFile(uri, text);
    const position = editor.document.positionAt(text.indexOf('{  }') + 2);
    const labels = await waitFor('schema completion', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        position,
      );
      const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return found.includes('accessTokenTTL') ? found : undefined;
    });
    for (const field of [
      'tenantId',
      'resource',
      'allowedServicePrincipalIds',
      'accessTokenTrustedIps',
      'accessTokenMaxTTL',
    ])
      assert.ok(labels.includes(field), `${field} offered (${labels.join(', ')})`);
  });

  it("names, ids and projects complete from the organization the file names; another organization's file gets none", async () => {
    const s = await state();
    const identity = s.identities.find((i) => i.name === 'functions-billing' && i.orgId === DEMO.orgId);
    const prod = s.connections.find(
      (c) => c.name === 'prod-entra-graph' && c.orgId === DEMO.orgId && !c.projectId,
    );
    const payments = s.projects.find((p) => p.slug === 'payments-api');
    assert.ok(identity && prod && payments);
    const uri = fileUri();
    const text = (orgId: string) => `{
  "site": "${sandboxUrl()}",
  "organization": { "id": "${orgId}" },
  "identities": [ { "name": "func", "azureAuth": {} } ],
  "connections": [
    { "name": "", "project": "payments-api" },
    { "name": "prod-entra-graph", "id": "" },
    { "name": "x", "project": "pay" }
  ]
}
`;
    const editor = await writeFile(uri, text(DEMO.orgId));
    const doc = editor.document;
    /** Our items (the ones with a description: the JSON Schema's have none) at the text's `offset`. */
    const complete = async (offset: number) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        doc.positionAt(offset),
      );
      return list.items.filter((i) => typeof i.label !== 'string' && i.label.description);
    };
    const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
    const described = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? '' : i.label.description);

    await control('DELETE', 'requests');
    const names = await complete(doc.getText().indexOf('"func"') + 5);
    const functions = names.find((i) => label(i) === 'functions-billing');
    assert.ok(functions, names.map(label).join(', '));
    assert.equal(described(functions), 'identity with Azure Auth');
    assert.deepEqual(
      functions.range,
      rangeOf(doc, doc.getText().indexOf('func"'), 4),
      'it replaces what is typed',
    );
    assert.equal(functions.insertText, 'functions-billing');
    const searched = (await requests()).filter((r) => r.method === 'GET');
    assert.deepEqual(
      searched.map((r) => [r.path, r.query.search]),
      [[`/api/v2/organizations/${DEMO.orgId}/identity-memberships`, 'func']],
      'one search for what is typed',
    );

    const inProject = await complete(doc.getText().indexOf('"name": ""') + 9);
    const expected = s.connections
      .filter((c) => c.projectId === payments.id && c.app === 'azure-client-secrets')
      .map((c) => c.name)
      .sort();
    assert.deepEqual(inProject.map(label).sort(), expected, "the project's Azure Client Secrets connections");

    const ids = await complete(doc.getText().indexOf('"id": ""') + 7);
    const pinned = ids.filter((i) => i.preselect);
    assert.deepEqual(
      pinned.map((i) => [label(i), described(i)]),
      [[prod.id, 'prod-entra-graph · Azure Client Secrets connection (client-secret) · organization']],
      'the id of the connection the entry names is preselected',
    );

    const projects = await complete(doc.getText().indexOf('"pay"') + 4);
    assert.ok(
      projects.some((i) => label(i) === 'payments-api' && described(i) === payments.name),
      projects.map(label).join(', '),
    );

    // A file of another organization: nothing from this one, and not a request.
    await edit(editor, new RegExp(`"id": "${DEMO.orgId}"`), '"id": "another-organization"');
    await control('DELETE', 'requests');
    assert.deepEqual((await complete(doc.getText().indexOf('"func"') + 5)).map(label), []);
    assert.deepEqual(await requests(), [], 'no request for a file of another organization');
  });

  it('export → plan "No changes" → edit → plan shows exactly the edited fields → apply sends one minimal PATCH each → plan "No changes"', async () => {
    const { uri, editor, ids } = await exported();
    const text = editor.document.getText();
    assert.match(text, /"id": "/, 'ids are pinned');
    assert.match(text, /"accessTokenTTL": "1h"/, 'durations written as a person would');
    assert.doesNotMatch(text, /clientSecret"/, 'no secret field is written');
    assert.equal(
      ours(uri).filter((d) => d.source === 'infisical-azure').length,
      0,
      'an exported file is valid',
    );

    const files = await a.workspaceFiles.get();
    await control('DELETE', 'requests');
    let plan = await files.plan(uri, { show: false });
    assert.ok(plan);
    assert.deepEqual(
      plan.resources.map((r) => r.action),
      ['none', 'none', 'none', 'none'],
    );
    assert.equal((await writes()).length, 0, 'a plan only reads');

    // Edits: a TTL as a duration, trusted IPs reordered (no change), a description.
    await edit(editor, /"accessTokenTTL": "1h"/, '"accessTokenTTL": "2h"');
    const ips =
      /"accessTokenTrustedIps": \[\s*"10\.0\.0\.0\/8",\s*"192\.168\.1\.10",\s*"2001:db8::\/32"\s*\]/;
    await edit(editor, ips, '"accessTokenTrustedIps": ["2001:DB8::/32", "10.0.0.0/8", "192.168.1.10/32"]');
    await edit(editor, /"description": "Rotates[^"]*"/, '"description": "Graph API secret, managed in git"');

    plan = await files.plan(uri, { show: true });
    assert.ok(plan);
    const changed = plan.resources.filter((r) => r.action === 'update');
    assert.deepEqual(
      changed.map((r) => [r.name, r.changes.map((c) => c.field)]),
      [
        ['aks-prod-workload', ['accessTokenTTL']],
        ['prod-entra-graph', ['description']],
      ],
    );
    // The plan view shows the one renderer's text for this plan.
    const view = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'infisical-plan');
    assert.ok(view, 'the plan view is open');
    assert.equal(view.document.getText(), renderPlanText(plan));
    assert.match(view.document.getText(), /accessTokenTTL: 3600 \(1h\) → 7200 \(2h\)/);
    // The CLI prints the same text for the same file and server.
    assert.ok(await saved(editor.document));
    const printed = await cli(['plan', vscode.workspace.asRelativePath(uri)]);
    assert.equal(printed.code, 2, `exit 2 = changes (${printed.stderr})`);
    assert.equal(timeless(printed.stdout), timeless(view.document.getText()));
    // CodeLens on the resources say what differs.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('$(check) Apply 2 changes'), titles.join(' | '));
    assert.ok(
      titles.some((t) => t.includes('1 change: accessTokenTTL')),
      titles.join(' | '),
    );
    assert.ok(
      titles.some((t) => t.includes('in sync')),
      titles.join(' | '),
    );

    await control('DELETE', 'requests');
    const report = await files.apply(uri, { confirm: false });
    assert.deepEqual(report?.counts, { applied: 2, partial: 0, failed: 0, refused: 0, skipped: 0 });
    const sent = await writes();
    assert.deepEqual(
      sent.map((r) => [r.method, r.path, r.body]).sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
      [
        [
          'PATCH',
          `/api/v1/auth/azure-auth/identities/${ids.aks}`,
          { accessTokenTTL: 7200, accessTokenMaxTTL: 86400 },
        ],
        [
          'PATCH',
          `/api/v1/app-connections/azure-client-secrets/${ids.prod}`,
          { description: 'Graph API secret, managed in git' },
        ],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
    const after = await state();
    assert.equal(after.azureAuths.find((z) => z.identityId === ids.aks)?.accessTokenTTL, 7200);

    plan = await files.plan(uri, { show: false });
    assert.ok(
      plan?.resources.every((r) => r.action === 'none'),
      'planning again shows no changes',
    );
  });

  it('apply: a 422 and a 500 fail their resources only; a resource changed since the plan is refused, not overwritten', async () => {
    const { uri, editor, ids } = await exported();
    await edit(editor, /"accessTokenTTL": "1h"/, '"accessTokenTTL": "2h"');
    await edit(
      editor,
      /"accessTokenNumUsesLimit": 0(?![\s\S]*"accessTokenNumUsesLimit")/,
      '"accessTokenNumUsesLimit": 5',
    );
    await edit(editor, /"description": "Rotates[^"]*"/, '"description": "one"');
    await edit(editor, /"description": (null|"[^"]*")(?![\s\S]*"description")/, '"description": "two"');
    const files = await a.workspaceFiles.get();
    const plan = await files.plan(uri, { show: false });
    assert.equal(plan?.resources.filter((r) => r.action === 'update').length, 4);

    await control('POST', 'faults', {
      method: 'PATCH',
      path: `/api/v1/auth/azure-auth/identities/${ids.aks}`,
      status: 422,
      times: 1,
      body: {
        statusCode: 422,
        error: 'ValidationFailure',
        message: [{ code: 'custom', message: 'refused by test', path: ['accessTokenTTL'] }],
      },
    });
    await control('POST', 'faults', {
      method: 'PATCH',
      path: `/api/v1/app-connections/azure-client-secrets/${ids.prod}`,
      status: 500,
      times: 1,
    });
    // Someone changes the payments connection on the server after the plan.
    await control('PATCH', `connections/${ids.payments}`, { description: 'changed in the web app' });

    const report = await files.apply(uri, { confirm: false });
    assert.ok(report);
    const by = Object.fromEntries(report.results.map((r) => [r.name, r.outcome]));
    assert.deepEqual(by, {
      'aks-prod-workload': 'failed',
      'functions-billing': 'applied',
      'prod-entra-graph': 'failed',
      'payments-entra': 'refused',
    });
    assert.match(
      report.results.find((r) => r.name === 'payments-entra')?.message ?? '',
      /changed on the server since the plan/,
    );
    const s = await state();
    assert.equal(
      s.connections.find((c) => c.id === ids.payments)?.description,
      'changed in the web app',
      'not overwritten',
    );

    const again = await files.plan(uri, { show: false });
    assert.deepEqual(
      again?.resources.filter((r) => r.action === 'update').map((r) => r.name),
      ['aks-prod-workload', 'prod-entra-graph', 'payments-entra'],
      'planning again shows only what is left',
    );
    const message = (name: string) => report.results.find((r) => r.name === name)?.message ?? '';
    saw(
      'apply-422-500',
      'Apply: one resource answers 422, another 500 (the other two go on)',
      `${applySummaryLine(report)} aks-prod-workload: ${message('aks-prod-workload')} prod-entra-graph: ${message('prod-entra-graph')}`,
    );
    saw(
      'changed-since-plan',
      'Apply: a resource changed on the server between plan and apply',
      `payments-entra: ${message('payments-entra')} (the server's value kept)`,
    );
  });

  it('refused before any request: a literal secret, another organization, a file changed since its plan', async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor } = await exported();
    await control('DELETE', 'requests');

    const other = fileUri();
    const otherText = editor.document.getText().replace(DEMO.orgId, '11111111-2222-4333-8444-555555555555');
    await writeFile(other, otherText);
    const otherOrg = await failure(files.plan(other, { show: false }));
    assert.match(
      otherOrg,
      /belongs to organization .*11111111-2222-4333-8444-555555555555.*nothing was sent/,
    );

    const secret = fileUri();
    await writeFile(
      secret,
      editor.document
        .getText()
        .replace('"credentials": {', '"credentials": { "clientSecret": "literal-value-here",'),
    );
    const inline = await failure(files.plan(secret, { show: false }));
    assert.match(inline, /has 1 problem.*Nothing was sent/);
    assert.equal((await requests()).length, 0, 'no request for either');
    saw('other-org', 'Plan: a file of another organization (0 requests)', otherOrg);
    saw('inline-secret', 'Plan: a literal secret in the file (0 requests)', inline);

    await files.plan(uri, { show: false });
    const again = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await edit(again, /"accessTokenTTL": "1h"/, '"accessTokenTTL": "3h"');
    await control('DELETE', 'requests');
    const stale = await failure(files.apply(uri, { confirm: false }));
    assert.match(stale, /changed since its plan: plan again/);
    assert.equal((await writes()).length, 0);
    saw('file-changed', 'Apply: the file was edited after its plan (0 writes)', stale);
    // Saved, so that closing the editors asks nothing (a modal would hold up the next test).
    assert.ok(await saved(again.document));
  });

  it('a secret typed into the file: the quick fix moves it to SecretStorage, the file keeps { "env" }, a plan replacing credentials sends it', async () => {
    // With infisical.secrets.keepOutOfText off: on, the value would leave the text (keepOut.test.ts).
    await setSetting('secrets.keepOutOfText', false);
    const files = await a.workspaceFiles.get();
    const { uri, editor } = await exported();
    const secret = `typed-by-mistake-${Date.now()}`;
    await edit(editor, /"credentials": \{/, `"credentials": { "clientSecret": "${secret}",`);
    const typed = JSON.parse(editor.document.getText()) as {
      connections: { name: string; id: string; credentials?: { clientSecret?: unknown } }[];
    };
    const conn = typed.connections.find((c) => typeof c.credentials?.clientSecret === 'string');
    assert.ok(conn);
    const name = `${conn.name.toUpperCase().replace(/-/g, '_')}_CLIENT_SECRET`;
    const diagnostic = await waitFor('the literal secret as an error diagnostic', () =>
      ours(uri).find((d) => d.code === 'inline-secret'),
    );
    assert.match(
      diagnostic.message,
      new RegExp(`^${conn.name}: credentials\\.clientSecret is written into the file`),
    );
    const actions = await codeActions(uri, diagnostic.range);
    const fix = actions.find((x) => x.title.startsWith('Move clientSecret'));
    assert.ok(fix?.command, actions.map((x) => x.title).join(' | '));
    assert.equal(fix.title, `Move clientSecret to VS Code's SecretStorage, as { "env": "${name}" }`);
    assert.ok(!JSON.stringify(fix).includes(secret), 'the quick fix does not carry the secret');

    // As VS Code runs it: the name box opens with the suggested name, Enter accepts it.
    await control('DELETE', 'requests');
    const moved = vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await moved;
    const text = editor.document.getText();
    assert.ok(!text.includes(secret), 'the secret left the document');
    assert.match(text, new RegExp(`"clientSecret": \\{ "env": "${name}" \\}`));
    await waitFor('the diagnostic to go', () => !ours(uri).some((d) => d.code === 'inline-secret'));
    assert.equal((await requests()).length, 0, 'moving the secret sends nothing');

    // The reference resolves from SecretStorage: a plan replacing credentials sends the value.
    await files.plan(uri, { show: false, replaceCredentials: [conn.name] });
    const report = await files.apply(uri, { confirm: false });
    assert.equal(report?.counts.applied, 1, JSON.stringify(report?.counts));
    const patch = (await writes()).find((r) => r.path.endsWith(conn.id));
    assert.equal(
      (patch?.body as { credentials?: { clientSecret?: string } })?.credentials?.clientSecret,
      secret,
    );

    // Another value under the same name is refused, and the file keeps its text.
    await edit(
      editor,
      /"credentials": \{ "clientSecret": \{ "env": "[A-Z_]+" \},/,
      `"credentials": { "clientSecret": "other-${secret}",`,
    );
    const path = ['connections', typed.connections.indexOf(conn), 'credentials', 'clientSecret'];
    const before = editor.document.getText();
    const refused = await failure(files.moveSecret(uri, path, { name }));
    assert.match(
      refused,
      new RegExp(`SecretStorage already holds another value as ${name}: choose another name`),
    );
    assert.ok(!refused.includes(secret));
    assert.equal(editor.document.getText(), before, 'nothing moved');
    assert.equal(await files.moveSecret(uri, path, { name: `${name}_2` }), `${name}_2`);
    assert.ok(!editor.document.getText().includes(secret));
  });

  it("a secret written as text: one message at the value, ours, naming the resource; the quick fix suggests the schema's example name", async () => {
    const uri = fileUri();
    // A connection of the name the schema's examples are about, its secret written as text.
    const editor = await writeFile(
      uri,
      `${JSON.stringify(
        {
          site: sandboxUrl(),
          organization: { id: DEMO.orgId },
          connections: [
            { name: 'payments-entra' },
            { name: 'azure-prod', credentials: { clientSecret: 'written-as-text' } },
          ],
        },
        null,
        2,
      )}\n`,
    );
    const doc = editor.document;
    const literal = rangeOf(doc, doc.getText().indexOf('"written-as-text"'), '"written-as-text"'.length);
    const diagnostic = await waitFor('the literal secret as an error diagnostic', () =>
      ours(uri).find((d) => d.code === 'inline-secret'),
    );
    assert.match(diagnostic.message, /^azure-prod: credentials\.clientSecret is written into the file: /);
    // The JSON language server has checked the file too (it flags a wrong type within a second).
    await edit(editor, /"name": "payments-entra"/, '"name": 7');
    await waitFor('the JSON Schema check of the same file', () =>
      vscode.languages.getDiagnostics(uri).find((d) => /Incorrect type/.test(d.message)),
    );
    const atLiteral = vscode.languages.getDiagnostics(uri).filter((d) => d.range.intersection(literal));
    assert.deepEqual(
      atLiteral.map((d) => `${d.source}: ${d.message}`),
      [`infisical-azure: ${diagnostic.message}`],
      'exactly one message at the value',
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      literal.start.translate(0, 2),
    );
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
    assert.ok(!hoverText.some((t) => /Incorrect type|Expected/.test(t)), hoverText.join(' | '));

    const schemaPath = join(
      vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '',
      'schemas',
      'infisical-azure.schema.json',
    );
    const schema = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(schemaPath))),
    );
    const example: string =
      schema.properties.connections.items.properties.credentials.properties.clientSecret.examples[0].env;
    const actions = await codeActions(uri, literal);
    const fix = actions.find((x) => x.title.startsWith('Move clientSecret'));
    assert.equal(fix?.title, `Move clientSecret to VS Code's SecretStorage, as { "env": "${example}" }`);
    // The notification after the move offers VS Code's Timeline of the file: a command VS Code has.
    assert.ok((await vscode.commands.getCommands()).includes('files.openTimeline'));
    assert.ok(await doc.save());
  });

  it('a reference: the hover says where its value comes from; Ctrl+. sets, replaces and forgets what VS Code keeps', async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor } = await exported();
    const name = `HOST_REFERENCE_${Date.now()}`;
    await edit(editor, /"credentials": \{/, `"credentials": { "clientSecret": { "env": "${name}" },`);
    const doc = editor.document;
    const typed = JSON.parse(doc.getText()) as {
      connections: { name: string; id: string; credentials?: { clientSecret?: unknown } }[];
    };
    const conn = typed.connections.find((c) => c.credentials?.clientSecret !== undefined);
    assert.ok(conn);
    const on = doc.positionAt(doc.getText().indexOf(`"${name}"`) + 2);
    const hover = async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        on,
      );
      return hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
    };
    const actions = async () =>
      (await codeActions(uri, new vscode.Range(on, on), vscode.CodeActionKind.RefactorRewrite)).map(
        (x) => x.title,
      );
    /** Plans replacing the connection's credentials, applies, and returns the client secret sent. */
    const sent = async () => {
      await control('DELETE', 'requests');
      await files.plan(uri, { show: false, replaceCredentials: [conn.name] });
      const report = await files.apply(uri, { confirm: false });
      assert.equal(report?.counts.applied, 1, JSON.stringify(report?.results));
      const patch = (await writes()).find((r) => r.path.endsWith(conn.id));
      return (patch?.body as { credentials?: { clientSecret?: string } })?.credentials?.clientSecret;
    };

    assert.match(
      await hover(),
      new RegExp(`\`${name}\`\\*\\* stands for the clientSecret of "${conn.name}"`),
    );
    assert.match(await hover(), /Not set here: a plan replacing these credentials asks for it once/);
    assert.deepEqual(await actions(), [`Set the value VS Code keeps for ${name}…`]);

    const first = `first-value-${Date.now()}`;
    assert.equal(await files.setReference(name, 'clientSecret', uri, { value: first }), true);
    assert.match(await hover(), /comes from VS Code's SecretStorage/);
    assert.ok(!(await hover()).includes(first), 'the hover never shows the value');
    assert.deepEqual(await actions(), [
      `Replace the value VS Code keeps for ${name}…`,
      `Forget the value VS Code keeps for ${name}`,
    ]);
    assert.equal(await sent(), first);

    // Typed wrong the first time: replaced, and the next plan replacing credentials sends the new one.
    const second = `second-value-${Date.now()}`;
    await files.setReference(name, 'clientSecret', uri, { value: second });
    assert.equal(await sent(), second);

    // The environment wins over what VS Code keeps: the hover says so, and Ctrl+. offers nothing.
    process.env[name] = `from-the-environment-${Date.now()}`;
    try {
      assert.match(await hover(), /the value VS Code's SecretStorage also keeps for it is not used/);
      assert.deepEqual(await actions(), []);
    } finally {
      delete process.env[name];
    }

    // Forgotten: the command a person runs from Ctrl+.; then nothing is kept, and saying so twice is an error.
    await vscode.commands.executeCommand('infisical.config.forgetStoredReference', name);
    assert.match(await hover(), /Not set here/);
    assert.match(
      await failure(files.forgetReference(name)),
      new RegExp(`VS Code keeps no value for ${name}: nothing to forget\\.`),
    );
    assert.ok(
      !doc.getText().includes(first) && !doc.getText().includes(second),
      'the file holds the name only',
    );
  });

  it('a name the server does not have: the plan says which names a typo explains, and Ctrl+. writes one', async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor } = await exported();
    // A typo, and the pinned id gone (with it, the id would decide).
    await edit(editor, /"name": "aks-prod-workload",\s*"id": "[0-9a-f-]+",/, '"name": "aks-prod-workoad",');
    await control('DELETE', 'requests');
    const plan = await files.plan(uri, { show: false });
    assert.equal(plan?.resources.find((r) => r.name === 'aks-prod-workoad')?.action, 'blocked');
    const warning = await waitFor('the plan diagnostic', () =>
      ours(uri).find((d) => d.message.includes('No machine identity named "aks-prod-workoad"')),
    );
    assert.match(warning.message, /Did you mean "aks-prod-workload"\?$/);
    assert.equal(editor.document.getText(warning.range), '"aks-prod-workoad"', 'on the name');
    const actions = await codeActions(uri, warning.range);
    const fix = actions.find((x) => x.title === 'Change the name to "aks-prod-workload"');
    assert.ok(fix?.edit, actions.map((x) => x.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /"name": "aks-prod-workload",/);
    assert.deepEqual(await writes(), [], 'only the file changed');
    const again = await files.plan(uri, { show: false });
    assert.equal(again?.resources.find((r) => r.name === 'aks-prod-workload')?.action, 'none');
    // Offered only while the file says what the plan read there.
    const stale = await codeActions(uri, warning.range);
    assert.ok(!stale.some((x) => x.title.startsWith('Change the name to')));
  });

  it('an upper-case tenant ID is a warning whose quick fix writes it in lower case; warnings never stop a plan', async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor } = await exported();
    const tenant = /"tenantId": "([0-9a-f-]{36})"/.exec(editor.document.getText())?.[1];
    assert.ok(tenant, 'the exported identity has a tenant ID');
    await edit(editor, new RegExp(`"tenantId": "${tenant}"`), `"tenantId": "${tenant.toUpperCase()}"`);
    const warning = await waitFor('the case warning', () => ours(uri).find((d) => d.code === 'guid-case'));
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, /Azure writes the tenant ID in lower case in its tokens/);
    const plan = await files.plan(uri, { show: false });
    assert.ok(plan, 'a file with warnings plans');
    assert.ok(
      plan.resources.some((r) => r.changes.some((c) => c.field === 'tenantId')),
      'and the plan shows what was written',
    );
    const actions = await codeActions(uri, warning.range);
    const fix = actions.find((x) => x.title === 'Write the GUID in lower case');
    assert.ok(fix?.edit, actions.map((x) => x.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), new RegExp(`"tenantId": "${tenant}"`));
    await waitFor('the warning to go', () => !ours(uri).some((d) => d.code === 'guid-case'));
    const again = await files.plan(uri, { show: false });
    assert.ok(
      again?.resources.every((r) => r.action === 'none'),
      'back in sync',
    );
  });

  it("drift adopted: after a plan, Ctrl+. keeps the server's value in the file (a field, or a resource from its name); nothing is sent", async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor, ids } = await exported();
    const before = await state();
    const aks = before.azureAuths.find((z) => z.identityId === ids.aks);
    const prod = before.connections.find((c) => c.id === ids.prod);
    assert.ok(aks && prod);
    // Changed in Infisical's web app after the file was written.
    await control('PATCH', `azure-auth/${ids.aks}`, {
      accessTokenNumUsesLimit: 7,
      resource: 'https://graph.microsoft.com/',
    });
    await control('PATCH', `connections/${ids.prod}`, { description: 'changed in the web app' });
    try {
      const plan = await files.plan(uri, { show: false });
      assert.deepEqual(
        plan?.resources
          .filter((r) => r.action === 'update')
          .map((r) => [r.name, r.changes.map((c) => c.field).sort()]),
        [
          ['aks-prod-workload', ['accessTokenNumUsesLimit', 'resource']],
          ['prod-entra-graph', ['description']],
        ],
      );
      await control('DELETE', 'requests');
      // Each drifted field is marked where it is written, with what the server has.
      const hints = await waitFor('three drift hints', () => {
        const found = ours(uri).filter((d) => d.code === 'drift');
        return found.length === 3 ? found : undefined;
      });
      assert.ok(hints.every((h) => h.severity === vscode.DiagnosticSeverity.Hint));
      const uses = hints.find((h) => h.message.startsWith('The server has 7:'));
      assert.ok(uses, hints.map((h) => h.message).join(' | '));
      assert.equal(editor.document.getText(uses.range), '0');

      const actionsAt = (range: vscode.Range) => codeActions(uri, range);
      const take = async (range: vscode.Range, title: string) => {
        const actions = await actionsAt(range);
        const found = actions.find((x) => x.title === title);
        assert.ok(found?.edit, `"${title}" among: ${actions.map((x) => x.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(found.edit));
      };
      await take(uses.range, "Keep the server's accessTokenNumUsesLimit: 7");
      // From a resource's name: every field of it that still differs.
      const lineOf = (needle: string) => {
        const at = editor.document.getText().indexOf(needle);
        assert.ok(at >= 0, needle);
        return editor.document.lineAt(editor.document.positionAt(at).line).range;
      };
      await take(
        lineOf('"name": "prod-entra-graph"'),
        'Keep the server\'s description of connection "prod-entra-graph"',
      );
      await take(
        lineOf('"name": "aks-prod-workload"'),
        'Keep the server\'s resource of Azure Auth "aks-prod-workload"',
      );
      const text = editor.document.getText();
      assert.match(text, /"accessTokenNumUsesLimit": 7/);
      assert.match(text, /"description": "changed in the web app"/);
      assert.match(text, /"resource": "https:\/\/graph\.microsoft\.com\/"/);
      assert.equal((await writes()).length, 0, 'adopting drift sends nothing');
      await waitFor('the hints to go', () => !ours(uri).some((d) => d.code === 'drift'));
      const again = await files.plan(uri, { show: false });
      assert.ok(
        again?.resources.every((r) => r.action === 'none'),
        'the file now says what the server has',
      );
    } finally {
      await control('PATCH', `azure-auth/${ids.aks}`, {
        accessTokenNumUsesLimit: aks.accessTokenNumUsesLimit,
        resource: aks.resource,
      });
      await control('PATCH', `connections/${ids.prod}`, { description: prod.description });
    }
  });

  it('one plan state on every surface: after apply the plan is used up in the CodeLens, the plan view and Problems', async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor, ids } = await exported();
    await control('PATCH', `azure-auth/${ids.functions}`, { accessTokenNumUsesLimit: 3 });
    await edit(editor, /"accessTokenTTL": "1h"/, '"accessTokenTTL": "2h"');
    await files.plan(uri, { show: true });
    const before = await surfaces(files, uri);
    assert.ok(before.file.includes('$(check) Apply 2 changes'), before.file.join(' | '));
    assert.ok(before.view.includes('$(check) Apply 2 changes'), before.view.join(' | '));
    assert.ok(before.file.some((t) => t.endsWith('1 change: accessTokenTTL')));
    assert.ok(before.file.includes('Show Diff') && before.view.includes('Show Diff'));
    assert.deepEqual(
      before.fromPlan.map((d) => d.code),
      ['drift', 'drift'],
      'each field the apply would send is marked',
    );

    const report = await files.apply(uri, { confirm: false });
    assert.deepEqual(report?.counts, { applied: 2, partial: 0, failed: 0, refused: 0, skipped: 0 });
    const after = await surfaces(files, uri);
    assert.ok(!after.file.some((t) => APPLY.test(t)), after.file.join(' | '));
    assert.ok(!after.view.some((t) => APPLY.test(t)), after.view.join(' | '));
    assert.ok(after.file.includes('$(play) Plan') && after.view.includes('$(refresh) Plan Again'));
    assert.ok(after.file.includes('$(pass) Apply: 2 applied.'), after.file.join(' | '));
    assert.ok(
      !after.file.some((t) => /\d+ change|to update/.test(t)),
      `no lens still offers the plan's changes: ${after.file.join(' | ')}`,
    );
    assert.ok(after.file.includes('$(pass) applied: accessTokenTTL'), after.file.join(' | '));
    assert.ok(after.file.includes('$(pass) applied: accessTokenNumUsesLimit'), after.file.join(' | '));
    assert.ok(after.file.includes('$(pass) in sync: no changes'), 'a resource not sent keeps its verdict');
    assert.ok(!after.file.includes('Show Diff') && !after.view.includes('Show Diff'));
    assert.match(after.viewText, /^This plan was applied and is used up\./);
    assert.match(after.viewText, /Apply: 2 applied\.\n$/);
    assert.equal(await planViewShows(files, uri), after.viewText);
    assert.deepEqual(after.fromPlan, [], "no drift hint once the server has the file's values");
    assert.equal(files.stored(uri)?.state, 'applied');
    assert.match(await failure(files.apply(uri, { confirm: false })), /already applied: plan again/);
    assert.match(
      await failure(files.showDiff(uri.toString(), 0)),
      /This plan was applied: plan the file again/,
    );

    // Edited after the apply: the file says so, and still nothing offers Apply.
    await edit(editor, /"accessTokenTTL": "2h"/, '"accessTokenTTL": "3h"');
    const edited = await waitFor('the stale state', async () => {
      const now = await surfaces(files, uri);
      return now.file[0] === '$(play) Plan (changed since the last plan)' ? now : undefined;
    });
    assert.deepEqual(edited.file, ['$(play) Plan (changed since the last plan)']);
    assert.ok(!edited.view.some((t) => APPLY.test(t)));
    assert.match(edited.viewText, /changed since this plan: nothing can be applied from it/);
  });

  it('one plan state on every surface: a name fixed by its quick fix makes the plan stale everywhere at once', async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor } = await exported();
    await edit(editor, /"name": "aks-prod-workload",\s*"id": "[0-9a-f-]+",/, '"name": "aks-prod-workoad",');
    await edit(editor, /"description": "Rotates[^"]*"/, '"description": "planned, then fixed"');
    await files.plan(uri, { show: true });
    const before = await surfaces(files, uri);
    const warning = before.fromPlan.find((d) => d.message.includes('"aks-prod-workoad"'));
    assert.equal(warning?.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(before.file.includes('$(check) Apply 1 change'), before.file.join(' | '));
    assert.ok(before.view.includes('$(check) Apply 1 change'), before.view.join(' | '));
    assert.ok(before.file.some((t) => t.startsWith('$(error) cannot plan: No machine identity named')));

    const fix = (await codeActions(uri, warning.range)).find(
      (x) => x.title === 'Change the name to "aks-prod-workload"',
    );
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    // One moment, every surface: the file's lens is stale, and so is everything else.
    const after = await waitFor('the stale state', async () => {
      const now = await surfaces(files, uri);
      return now.file[0] === '$(play) Plan (changed since the last plan)' ? now : undefined;
    });
    assert.deepEqual(after.file, ['$(play) Plan (changed since the last plan)']);
    // The plan's warning and note leave with the edit; a hint on a field still as planned stays.
    assert.deepEqual(
      after.fromPlan.filter((d) => d.code !== 'drift').map((d) => d.message),
      [],
      "the plan's warning left Problems with the edit",
    );
    assert.deepEqual(
      after.fromPlan.map((d) => editor.document.getText(d.range)),
      ['"planned, then fixed"'],
    );
    assert.deepEqual(
      after.view.filter((t) => t !== 'Go to File'),
      ['$(refresh) Plan Again'],
    );
    assert.match(
      after.viewText,
      /^t\d+-\d+\.infisical-azure\.json changed since this plan: nothing can be applied from it\./,
    );
    assert.equal(await planViewShows(files, uri), after.viewText);
    assert.equal(files.stored(uri)?.state, 'stale');
    assert.match(await failure(files.apply(uri, { confirm: false })), /changed since its plan: plan again/);
    assert.deepEqual(
      (await codeActions(uri, warning.range)).filter((x) => x.title.startsWith('Change the name to')),
      [],
      'the fix goes with its warning',
    );

    // Planned again: one fresh state everywhere.
    await files.plan(uri, { show: false });
    const again = await surfaces(files, uri);
    assert.ok(
      again.file.includes('$(check) Apply 1 change') && again.view.includes('$(check) Apply 1 change'),
    );
    assert.ok(!again.viewText.includes('changed since this plan'));
    assert.deepEqual(
      again.fromPlan.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning),
      [],
    );
  });

  it('one plan state on every surface: after "Keep the server\'s …" the plan view no longer offers Apply; the other field\'s hint stays', async () => {
    const files = await a.workspaceFiles.get();
    const { uri, editor, ids } = await exported();
    const before = (await state()).azureAuths.find((z) => z.identityId === ids.aks);
    assert.ok(before);
    await control('PATCH', `azure-auth/${ids.aks}`, {
      accessTokenNumUsesLimit: 8,
      resource: 'https://graph.microsoft.com/',
    });
    try {
      await files.plan(uri, { show: true });
      const planned = await surfaces(files, uri);
      assert.ok(
        planned.file.includes('$(check) Apply 1 change') && planned.view.includes('$(check) Apply 1 change'),
      );
      const uses = planned.fromPlan.find((d) => d.message.startsWith('The server has 8:'));
      assert.ok(uses, planned.fromPlan.map((d) => d.message).join(' | '));
      assert.equal(planned.fromPlan.filter((d) => d.code === 'drift').length, 2);

      const keep = (await codeActions(uri, uses.range)).find(
        (x) => x.title === "Keep the server's accessTokenNumUsesLimit: 8",
      );
      assert.ok(keep?.edit);
      await control('DELETE', 'requests');
      assert.ok(await vscode.workspace.applyEdit(keep.edit));
      const after = await waitFor('the stale state', async () => {
        const now = await surfaces(files, uri);
        return now.file[0] === '$(play) Plan (changed since the last plan)' ? now : undefined;
      });
      assert.ok(
        !after.view.some((t) => APPLY.test(t)),
        `the plan view offers no Apply: ${after.view.join(' | ')}`,
      );
      assert.match(after.viewText, /changed since this plan: nothing can be applied from it/);
      assert.equal(await planViewShows(files, uri), after.viewText);
      assert.deepEqual(
        after.fromPlan.map((d) => d.message),
        [
          'The server has "https://graph.microsoft.com/": apply sends this value instead, or Ctrl+. keeps the server\'s in the file.',
        ],
        'the adopted field is no longer marked; the other one still is, with its quick fix',
      );
      const other = after.fromPlan[0];
      assert.ok(other);
      assert.ok(
        (await codeActions(uri, other.range)).some((x) => x.title.startsWith("Keep the server's resource")),
      );
      assert.match(await failure(files.apply(uri, { confirm: false })), /changed since its plan: plan again/);
      assert.deepEqual(await writes(), [], 'adopting drift sends nothing');
      assert.match(editor.document.getText(), /"accessTokenNumUsesLimit": 8/);
    } finally {
      await control('PATCH', `azure-auth/${ids.aks}`, {
        accessTokenNumUsesLimit: before.accessTokenNumUsesLimit,
        resource: before.resource,
      });
    }
  });

  it('Reveal in View from the file, Reveal in Workspace File from the views', async () => {
    // The earlier tests' files declare the same resources: "Reveal in Workspace File" would ask which.
    for (const [name] of await vscode.workspace.fs.readDirectory(folder()))
      if (name.endsWith('.infisical-azure.json'))
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), name));
    const { uri, ids } = await exported();
    const files = await a.workspaceFiles.get();
    await files.plan(uri, { show: false });
    await vscode.commands.executeCommand('workbench.view.extension.infisical');
    await vscode.commands.executeCommand(
      'infisical.config.revealInView',
      'azure-auth',
      ids.functions,
      'functions-billing',
    );
    await waitFor('the identity selected in its view', () =>
      a.views.identities.selection[0]?.id === `identity:${ids.functions}` ? true : undefined,
    );
    await vscode.commands.executeCommand(
      'infisical.config.revealInView',
      'connection',
      ids.payments,
      'payments-entra',
    );
    await waitFor('the connection selected in its view', () =>
      a.views.connections.selection.some(
        (n) => (n as { connection?: { id: string } }).connection?.id === ids.payments,
      )
        ? true
        : undefined,
    );

    // And back: the selected connection's declaration in the file.
    const node = a.views.connections.selection[0];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('infisical.config.revealInFile', node);
    const editor = await waitFor('the file opened at the declaration', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()
        ? vscode.window.activeTextEditor
        : undefined,
    );
    const line = editor.document.lineAt(editor.selection.active.line + 1).text;
    const rest = editor.document.getText(
      new vscode.Range(editor.selection.active, editor.document.positionAt(editor.document.getText().length)),
    );
    assert.match(rest.slice(0, 200), /"name": "payments-entra"/, `the cursor is on its entry (${line})`);
  });

  it('"Plan All Workspace Files" plans each file of the workspace; one that cannot be planned says why, the others go on', async () => {
    const files = await a.workspaceFiles.get();
    const synced = await exported();
    const edited = await exported();
    await edit(edited.editor, /"accessTokenNumUsesLimit": \d+/, '"accessTokenNumUsesLimit": 4321');
    const other = fileUri();
    await writeFile(
      other,
      synced.editor.document.getText().replace(DEMO.orgId, '11111111-2222-4333-8444-555555555555'),
    );
    const broken = fileUri();
    await writeFile(
      broken,
      synced.editor.document.getText().replace('"name": "aks-prod-workload"', '"name": 7'),
    );
    await control('DELETE', 'requests');

    const results = await files.planAll({ show: false });
    const found = await vscode.workspace.findFiles('**/*.infisical-azure.json');
    assert.equal(results.length, found.length, 'every workspace file has a result');
    const of = (uri: vscode.Uri) => {
      const r = results.find((x) => x.uri.toString() === uri.toString());
      assert.ok(r, `${uri.path} was planned`);
      return r;
    };
    assert.equal(of(synced.uri).summary, 'No changes. 4 resources are in sync with the server.');
    assert.equal(of(edited.uri).summary, 'Plan: 1 to update, 3 unchanged.');
    assert.match(
      of(other).error ?? '',
      /belongs to organization .*11111111-2222-4333-8444-555555555555.*nothing was sent/,
    );
    assert.match(of(broken).error ?? '', /has 1 problem \(see Problems\): fix it first\. Nothing was sent\./);
    assert.deepEqual(await writes(), [], 'plans only read');
    // Each plan is kept as if planned one by one: the edited file's CodeLens can apply it.
    assert.equal(files.stored(edited.uri)?.plan, of(edited.uri).plan);
    const report = await files.apply(edited.uri, { confirm: false });
    assert.equal(report?.counts.applied, 1);
  });

  it('plans on save when the user turns it on (reads only)', async () => {
    const { uri, editor } = await exported();
    const files = await a.workspaceFiles.get();
    await setSetting('config.planOnSave', true);
    try {
      await edit(editor, /"accessTokenTTL": "1h"/, '"accessTokenTTL": "4h"');
      await control('DELETE', 'requests');
      assert.ok(await saved(editor.document));
      const stored = await waitFor('a plan after the save', () => files.stored(uri));
      assert.equal(stored.version, editor.document.version);
      assert.deepEqual(
        stored.plan.resources.filter((r) => r.action === 'update').map((r) => r.changes.map((c) => c.field)),
        [['accessTokenTTL']],
      );
      assert.equal((await writes()).length, 0, 'planning on save never writes');
    } finally {
      await setSetting('config.planOnSave', undefined);
    }
  });

  it('an interrupted apply is reported by the next plan of the file', async () => {
    const { uri } = await exported();
    await a.ext.context.globalState.update('infisical.config.applyJournal', {
      file: uri.toString(),
      startedAt: new Date().toISOString(),
      sending: ['identity "aks-prod-workload" Azure Auth'],
    });
    const files = await a.workspaceFiles.get();
    await files.plan(uri, { show: true });
    const view = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'infisical-plan');
    assert.match(
      view?.document.getText() ?? '',
      /interrupted .* while sending: identity "aks-prod-workload" Azure Auth/,
    );
    assert.equal(a.ext.context.globalState.get('infisical.config.applyJournal'), undefined, 'reported once');
  });
});
