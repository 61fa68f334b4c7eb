import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { demoCredentials } from '../sandbox/data';
import type { SandboxState } from '../sandbox/types';
import {
  type Api,
  api,
  control,
  DEMO,
  LEGACY,
  requests,
  resetAll,
  sandboxUrl,
  setSetting,
  signInDemo,
  writeConnectionFile,
} from './helpers';

/** Every file under a folder (skipping big binary caches). */
async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && (await stat(path)).size < 5_000_000) yield path;
  }
}

/** A recognisable value no test data holds (client secrets are at most 50 characters). */
const canary = (label: string) => `canary-${label}-${randomBytes(8).toString('hex')}`;

/** The message of a rejection (what VS Code or a notification shows), or fails. */
async function rejection(work: Thenable<unknown> | Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return assert.fail('expected a failure');
}

/**
 * Every flow that handles a secret, at trace log level, with canary values: then the canaries
 * are searched for everywhere but SecretStorage. One suite, so every flow's traces are on disk
 * when the search runs. On the June 2025 server (`--server 2025-06`) its connections are OAuth
 * only, whose credentials an editor never replaces: there the connection flows are the ways a
 * secret can still be typed at one (an OAuth code in its document, a reference in a workspace
 * file), both refused before anything is sent.
 */
describe(`Secret canaries (${LEGACY ? '2025-06' : 'current'} server)`, () => {
  let a: Api;
  /** name → value: every secret the flows below handled. */
  const canaries = new Map<string, string>();
  /** Texts a person saw: error messages of failed operations. */
  const messages: string[] = [];

  before(async () => {
    a = await api();
    await resetAll(a);
  });

  it('the log is written at trace level (so the search below sees every line)', () => {
    assert.equal(a.ext.log.level, vscode.LogLevel.Trace);
  });

  it('flows: sign-in (both kinds), a refused secret, renewal, sign-out', async () => {
    // Universal Auth sign-in, then the token it got.
    canaries.set('client secret', DEMO.clientSecret);
    await signInDemo(a, 'Contoso');
    await a.trees.connections.getChildren();
    const first = (await a.ext.profiles.session('Contoso'))?.accessToken;
    assert.ok(first);
    canaries.set('access token (login)', first);

    // A wrong client secret: refused, and its text appears in no message.
    const wrong = canary('wrong');
    canaries.set('wrong client secret', wrong);
    messages.push(await rejection(signInDemo(a, 'Wrong', { clientId: DEMO.clientId, clientSecret: wrong })));

    // A pasted access token.
    const pasted = demoCredentials(sandboxUrl()).staticToken;
    canaries.set('pasted access token', pasted);
    await a.signIn({ name: 'Pasted', siteUrl: sandboxUrl(), auth: 'access-token', accessToken: pasted });
    await vscode.commands.executeCommand('infisical.switchProfile', 'Contoso');

    // Renewal: the token expires, the next load renews it.
    await control('POST', 'expire-tokens');
    a.trees.connections.reset();
    await a.trees.connections.getChildren();
    const renewed = (await a.ext.profiles.session('Contoso'))?.accessToken;
    assert.ok(renewed && renewed !== first, 'the token was renewed');
    canaries.set('access token (renewed)', renewed);

    // Sign-out of the access-token profile (its secret must be gone afterwards, see below).
    await vscode.commands.executeCommand('infisical.signOut', 'Pasted');
    assert.equal(await a.ext.context.secrets.get('infisical/Pasted/access-token'), undefined);
    assert.equal(canaries.size, 5);
  });

  if (!LEGACY)
    it('flows: credential saves (ok, refused, failed), a secret typed into the text', async () => {
      // Credential edits in the JSON editor: saved, refused by "Microsoft", failed by the server.
      const state = await control<SandboxState>('GET', 'state');
      const target = state.connections.find(
        (c) =>
          c.orgId === DEMO.orgId &&
          c.app === 'azure-client-secrets' &&
          c.method === 'client-secret' &&
          !c.isAutoRotationEnabled,
      );
      assert.ok(target, 'the demo org has a client-secret connection without rotation');
      const uri = vscode.Uri.from({
        scheme: 'infisical',
        path: `/Contoso/connections/azure-client-secrets/client-secret/${target.id}/${target.name}.jsonc`,
      });
      // New secrets never go into the text: "Replace credentials…" holds them in memory and the
      // save merges them in (the password box itself is driven by the UI scenario `credentials`).
      const held = await a.documents.credentials();
      const text = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const withHeld = async (secret: string) => {
        held.hold(uri, { clientSecret: secret });
        return new TextEncoder().encode(await text());
      };
      const saved = canary('saved');
      canaries.set('connection client secret (saved)', saved);
      await a.documents.writeFile(uri, await withHeld(saved));
      const after = await control<SandboxState>('GET', 'state');
      assert.equal(
        after.connections.find((c) => c.id === target.id)?.credentials.clientSecret,
        saved,
        'the save reached the server',
      );
      assert.equal(held.get(uri), undefined, 'a successful save forgets the held secret');

      const refused = canary('invalid'); // the sandbox's "Microsoft" refuses "invalid"
      canaries.set('connection client secret (refused)', refused);
      messages.push(await rejection(a.documents.writeFile(uri, await withHeld(refused))));
      assert.match(messages.at(-1) ?? '', /Invalid client secret/);
      assert.equal(held.get(uri)?.clientSecret, refused, 'a refused save keeps the secret in memory');

      // Typed into the text anyway: refused before anything is sent, the value named nowhere.
      const typed = canary('typed');
      canaries.set('connection client secret (typed into the text)', typed);
      held.forget(uri);
      const patches = async () =>
        (await requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(target.id)).length;
      const before = await patches();
      const typedText = (await text()).replace(
        '"credentials": {',
        `"credentials": { "clientSecret": ${JSON.stringify(typed)},`,
      );
      messages.push(await rejection(a.documents.writeFile(uri, new TextEncoder().encode(typedText))));
      assert.match(messages.at(-1) ?? '', /credentials\.clientSecret is write-only.*Nothing was sent/);
      assert.equal(await patches(), before, 'no PATCH for a typed secret');

      const failed = canary('failed');
      canaries.set('connection client secret (server error)', failed);
      await control('POST', 'faults', {
        method: 'PATCH',
        path: `/api/v1/app-connections/azure-client-secrets/${target.id}`,
        status: 500,
        times: 1,
      });
      messages.push(await rejection(a.documents.writeFile(uri, await withHeld(failed))));
      held.forget(uri);
      assert.match(messages.at(-1) ?? '', /500/);
      assert.equal(canaries.size, 9);
    });

  if (LEGACY)
    it('flows: an OAuth code typed into a connection document is refused, nothing sent', async () => {
      const state = await control<SandboxState>('GET', 'state');
      const target = state.connections.find(
        (c) => c.orgId === DEMO.orgId && c.app === 'azure-client-secrets' && c.method === 'oauth',
      );
      assert.ok(target, 'the demo org has an oauth connection');
      const uri = vscode.Uri.from({
        scheme: 'infisical',
        path: `/Contoso/connections/azure-client-secrets/oauth/${target.id}/${target.name}.jsonc`,
      });
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const typed = canary('code');
      canaries.set('OAuth code typed into a connection document', typed);
      const patches = async () =>
        (await requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(target.id)).length;
      const before = await patches();
      const typedText = text.replace(
        '"credentials": {',
        `"credentials": { "code": ${JSON.stringify(typed)},`,
      );
      assert.notEqual(typedText, text, 'the document has credentials to type into');
      messages.push(await rejection(a.documents.writeFile(uri, new TextEncoder().encode(typedText))));
      assert.match(messages.at(-1) ?? '', /credentials\.code.*Nothing was sent/);
      assert.equal(await patches(), before, 'no PATCH for a typed code');
    });

  if (!LEGACY)
    it('flows: a workspace file whose client secret comes from a reference { "env": … }: plan, apply, a refused one', async () => {
      const state = await control<SandboxState>('GET', 'state');
      const target = state.connections.find(
        (c) =>
          c.orgId === DEMO.orgId &&
          c.app === 'azure-client-secrets' &&
          c.method === 'client-secret' &&
          !c.isAutoRotationEnabled &&
          !c.projectId,
      );
      assert.ok(target);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      assert.ok(folder);
      const uri = vscode.Uri.joinPath(folder, 'canary.infisical-azure.json');
      const env = 'INFISICAL_CANARY_CLIENT_SECRET';
      const file = {
        site: sandboxUrl(),
        organization: { id: DEMO.orgId },
        connections: [{ name: target.name, credentials: { clientSecret: { env } } }],
      };
      await vscode.workspace.fs.writeFile(
        uri,
        new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`),
      );
      const files = await a.workspaceFiles.get();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
      );
      assert.ok(
        lenses.some((l) => l.command?.command === 'infisical.config.planReplacingCredentials'),
        'a connection with a reference offers "Plan, Replacing Credentials…"',
      );
      const shown: string[] = [];
      const applyWith = async (secret: string) => {
        process.env[env] = secret;
        try {
          const plan = await files.plan(uri, { replaceCredentials: [target.name], show: true });
          assert.equal(plan?.resources[0]?.action, 'update');
          const report = await files.apply(uri, { confirm: false });
          const view = await vscode.workspace.openTextDocument(
            vscode.Uri.from({
              scheme: 'infisical-plan',
              path: '/canary.infisical-azure.json.plan',
              query: uri.toString(),
            }),
          );
          shown.push(
            JSON.stringify(plan),
            view.getText(),
            JSON.stringify(vscode.languages.getDiagnostics(uri)),
          );
          return report?.results[0];
        } finally {
          delete process.env[env];
        }
      };
      const sent = canary('reference');
      canaries.set('client secret from a reference (applied)', sent);
      assert.equal((await applyWith(sent))?.outcome, 'applied');
      const after = await control<SandboxState>('GET', 'state');
      assert.equal(
        after.connections.find((c) => c.id === target.id)?.credentials.clientSecret,
        sent,
        'it reached the server',
      );

      const refused = canary('invalid');
      canaries.set('client secret from a reference (refused)', refused);
      const failed = await applyWith(refused);
      assert.equal(failed?.outcome, 'failed');
      messages.push(failed?.message ?? '', ...shown);
      assert.match(failed?.message ?? '', /Invalid client secret/);
      assert.match(shown.join('\n'), /env INFISICAL_CANARY_CLIENT_SECRET/, 'the plan names the reference');
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      for (const value of [sent, refused]) assert.ok(!text.includes(value), 'the file holds no secret');
    });

  if (LEGACY)
    it('flows: a workspace file giving an OAuth connection a code from a reference { "env": … }: refused, nothing sent', async () => {
      const state = await control<SandboxState>('GET', 'state');
      const target = state.connections.find(
        (c) => c.orgId === DEMO.orgId && c.app === 'azure-client-secrets' && c.method === 'oauth',
      );
      assert.ok(target);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      assert.ok(folder);
      const uri = vscode.Uri.joinPath(folder, 'canary.infisical-azure.json');
      const env = 'INFISICAL_CANARY_OAUTH_CODE';
      const file = {
        site: sandboxUrl(),
        organization: { id: DEMO.orgId },
        connections: [{ name: target.name, credentials: { code: { env } } }],
      };
      await vscode.workspace.fs.writeFile(
        uri,
        new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`),
      );
      const files = await a.workspaceFiles.get();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const code = canary('reference');
      canaries.set('OAuth code from a reference', code);
      const before = (await requests()).filter((r) => r.method === 'PATCH').length;
      process.env[env] = code;
      try {
        // The file's own check refuses it first: an OAuth code is never given in a file.
        messages.push(await rejection(files.plan(uri, { replaceCredentials: [target.name], show: true })));
        assert.match(messages.at(-1) ?? '', /has 1 problem .*Nothing was sent/);
        const problems = vscode.languages.getDiagnostics(uri).map((d) => d.message);
        messages.push(...problems);
        assert.match(problems.join('\n'), /"code" is not a field Infisical accepts here/);
      } finally {
        delete process.env[env];
      }
      assert.equal((await requests()).filter((r) => r.method === 'PATCH').length, before, 'nothing was sent');
    });

  it('flows: a secret typed into a workspace file and moved to SecretStorage by its quick fix, never saved', async () => {
    // With infisical.secrets.keepOutOfText off: on, the value would leave the text (keepOut.test.ts).
    await setSetting('secrets.keepOutOfText', false);
    const uri = await writeConnectionFile('canary-typed.infisical-azure.json', 'canary-typed');
    const files = await a.workspaceFiles.get();
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const typed = canary('typed');
    canaries.set('client secret typed into a workspace file (moved by the quick fix)', typed);
    const at = editor.document.getText().indexOf('"credentials": {}');
    assert.ok(at > 0);
    const inside = editor.document.positionAt(at + '"credentials": {'.length);
    assert.ok(await editor.edit((b) => b.insert(inside, ` "clientSecret": "${typed}" `)));
    const path = ['connections', 0, 'credentials', 'clientSecret'];
    const name = await files.moveSecret(uri, path, { name: 'INFISICAL_CANARY_TYPED_SECRET' });
    assert.equal(name, 'INFISICAL_CANARY_TYPED_SECRET');
    assert.ok(!editor.document.getText().includes(typed), 'the buffer no longer holds it');
    messages.push(editor.document.getText(), JSON.stringify(vscode.languages.getDiagnostics(uri)));
    const saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.ok(!saved.includes(typed), 'the file on disk never held it');
    assert.ok(await editor.document.save());
    await setSetting('secrets.keepOutOfText', undefined);
  });

  it('flows: the value kept for a reference replaced (Ctrl+.), shown in a hover, then forgotten', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder, 'canary-typed.infisical-azure.json');
    const files = await a.workspaceFiles.get();
    const replaced = canary('replaced');
    canaries.set("a reference's value replaced through Ctrl+.", replaced);
    assert.ok(
      await files.setReference('INFISICAL_CANARY_TYPED_SECRET', 'clientSecret', uri, { value: replaced }),
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    const on = doc.positionAt(doc.getText().indexOf('INFISICAL_CANARY_TYPED_SECRET') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      on,
    );
    const hover = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');
    assert.match(hover, /comes from VS Code's SecretStorage/, 'the hover of the reference');
    messages.push(hover);
    await files.forgetReference('INFISICAL_CANARY_TYPED_SECRET');
  });

  it('no canary in error messages, request URLs, settings, global or workspace state', async () => {
    assert.ok(messages.length >= 3, 'the failures produced messages');
    const places: [string, string][] = [
      ['error messages', messages.join('\n')],
      ['request URLs', (await requests()).map((r) => `${r.path}?${JSON.stringify(r.query)}`).join('\n')],
      ['settings', JSON.stringify(vscode.workspace.getConfiguration('infisical'))],
      [
        'global state',
        JSON.stringify(a.ext.context.globalState.keys().map((k) => [k, a.ext.context.globalState.get(k)])),
      ],
      [
        'workspace state',
        JSON.stringify(
          a.ext.context.workspaceState.keys().map((k) => [k, a.ext.context.workspaceState.get(k)]),
        ),
      ],
    ];
    for (const [where, text] of places) {
      for (const [name, value] of canaries) assert.ok(!text.includes(value), `${where} hold the ${name}`);
    }
  });

  it('no canary in any file of the user-data dir: trace logs, storage, webview state', async () => {
    // <user-data>/User/globalStorage/<extension id> → <user-data>
    const userData = join(a.ext.context.globalStorageUri.fsPath, '..', '..', '..');
    let scanned = 0;
    let ourLog = '';
    for await (const file of files(userData)) {
      const text = await readFile(file, 'latin1');
      scanned += 1;
      if (file.endsWith('Infisical Connections.log')) ourLog += text;
      for (const [name, value] of canaries) assert.ok(!text.includes(value), `${file} holds the ${name}`);
    }
    assert.ok(scanned > 3, `scanned ${scanned} files of ${userData}`);
    // The log is there and at trace level: the search covered what a trace log records.
    assert.match(ourLog, /\[trace\]/, 'our trace log is on disk');
    if (LEGACY) assert.match(ourLog, /universal-auth\/login \S+ 401/, 'the refused sign-in was logged');
    else assert.match(ourLog, /Invalid client secret/, 'the failed saves were logged');
  });
});
