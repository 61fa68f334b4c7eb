import * as assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { demoCredentials } from '../sandbox/data';
import {
  type Api,
  api,
  control,
  DEMO,
  orgNameOf,
  requests,
  resetAll,
  sandboxUrl,
  signInDemo,
  waitFor,
} from './helpers';

/** Every file under a folder (skipping big binary caches), for the secret search. */
async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && (await stat(path)).size < 5_000_000) yield path;
  }
}

describe('Sign-in and profiles', () => {
  let a: Api;
  before(async () => {
    a = await api();
  });
  beforeEach(async () => resetAll(a));

  it('Universal Auth sign-in saves the profile, finds the organization, keeps the secret in SecretStorage only', async () => {
    const profile = await signInDemo(a);
    assert.equal(profile?.name, 'Contoso');
    assert.equal(a.ext.profiles.active()?.name, 'Contoso');
    assert.equal(a.ext.profiles.org('Contoso')?.name, orgNameOf(DEMO));
    const settings = vscode.workspace.getConfiguration('infisical').get<unknown[]>('profiles');
    assert.deepEqual(settings, [
      {
        name: 'Contoso',
        siteUrl: sandboxUrl(),
        auth: 'universal-auth',
        clientId: DEMO.clientId,
        orgId: DEMO.orgId,
      },
    ]);
    assert.equal(await a.ext.context.secrets.get('infisical/Contoso/client-secret'), DEMO.clientSecret);
    const session = await a.ext.profiles.session('Contoso');
    assert.ok(session && session.expiresAt > Date.now(), 'the access token is cached with its expiry');
  });

  it('a wrong client secret gets the specific reason, and nothing is saved', async () => {
    await assert.rejects(
      signInDemo(a, 'Bad', { clientId: DEMO.clientId, clientSecret: 'definitely-wrong' }),
      (e: Error) => {
        assert.match(
          e.message,
          /Universal Auth sign-in to 127\.0\.0\.1:\d+ was refused \(401\): .*Check the client ID and client secret/,
        );
        assert.ok(!e.message.includes('definitely-wrong'));
        return true;
      },
    );
    assert.deepEqual(a.ext.profiles.all(), []);
  });

  it('http:// to a non-loopback host is refused before any request', async () => {
    const before = (await requests()).length;
    await assert.rejects(
      a.signIn({
        siteUrl: 'http://infisical.example.com',
        auth: 'access-token',
        accessToken: 'x'.repeat(20),
      }),
      /unencrypted/,
    );
    assert.equal((await requests()).length, before);
  });

  it('a pasted access token works, and sign-out deletes every secret of the profile', async () => {
    await a.signIn({
      name: 'Pasted',
      siteUrl: sandboxUrl(),
      auth: 'access-token',
      accessToken: demoCredentials(sandboxUrl()).staticToken,
    });
    assert.equal(a.ext.profiles.org('Pasted')?.id, DEMO.orgId);
    await signInDemo(a, 'Contoso');
    await vscode.commands.executeCommand('infisical.signOut', 'Contoso');
    for (const kind of ['client-secret', 'access-token', 'session']) {
      assert.equal(await a.ext.context.secrets.get(`infisical/Contoso/${kind}`), undefined, kind);
    }
    assert.ok(
      await a.ext.context.secrets.get('infisical/Pasted/access-token'),
      'the other profile keeps its token',
    );
  });

  it('a secret changed by another window (onDidChange) is picked up, cached reads notwithstanding', async () => {
    await signInDemo(a, 'Contoso');
    const profile = a.ext.profiles.get('Contoso');
    assert.ok(profile);
    assert.equal(await a.ext.profiles.credential(profile), DEMO.clientSecret);
    // Written behind the profiles' back, as another window would.
    await a.ext.context.secrets.store('infisical/Contoso/client-secret', 'changed-elsewhere');
    await waitFor('the new value', async () =>
      (await a.ext.profiles.credential(profile)) === 'changed-elsewhere' ? true : undefined,
    );
    await a.ext.context.secrets.delete('infisical/Contoso/client-secret');
    await waitFor('signed out', async () => ((await a.ext.profiles.isSignedIn(profile)) ? undefined : true));
  });

  describe('signing in again where the secret is missing (another browser)', () => {
    /** Deletes a profile's secrets behind its back, as a browser without them sees it. */
    async function forgetSecrets(name: string) {
      for (const kind of ['client-secret', 'access-token', 'session'])
        await a.ext.context.secrets.delete(`infisical/${encodeURIComponent(name)}/${kind}`);
      const profile = a.ext.profiles.get(name);
      assert.ok(profile);
      await waitFor('no credentials', async () =>
        (await a.ext.profiles.isSignedIn(profile)) ? undefined : true,
      );
    }
    const names = () => a.ext.profiles.all().map((p) => p.name);
    const pastedToken = () => demoCredentials(sandboxUrl()).staticToken;

    it('the same site and client ID refresh the profile: its name kept, no "2" added', async () => {
      const args = {
        siteUrl: sandboxUrl(),
        auth: 'universal-auth',
        clientId: DEMO.clientId,
        clientSecret: DEMO.clientSecret,
      };
      assert.equal((await a.signIn(args))?.name, orgNameOf(DEMO), 'named after the organization');
      await forgetSecrets(orgNameOf(DEMO));
      const again = await a.signIn(args);
      assert.equal(again?.name, orgNameOf(DEMO));
      assert.deepEqual(names(), [orgNameOf(DEMO)]);
      const profile = a.ext.profiles.get(orgNameOf(DEMO));
      assert.ok(profile);
      assert.equal(await a.ext.profiles.credential(profile), DEMO.clientSecret);
      assert.ok(
        (await a.ext.profiles.session(orgNameOf(DEMO)))?.accessToken,
        'a fresh access token is cached',
      );
      assert.equal(a.ext.profiles.org(orgNameOf(DEMO))?.id, DEMO.orgId);
      assert.ok((await a.trees.connections.getChildren())?.length, 'the views load again');
    });

    it('a name given for the same account does not add a profile: the existing name is kept', async () => {
      await signInDemo(a, 'Contoso');
      await forgetSecrets('Contoso');
      assert.equal((await signInDemo(a, 'Sandbox demo'))?.name, 'Contoso');
      assert.deepEqual(names(), ['Contoso']);
      assert.equal(await a.ext.context.secrets.get('infisical/Contoso/client-secret'), DEMO.clientSecret);
      // Signed in still: the secret is refreshed all the same.
      assert.equal((await signInDemo(a, 'Another'))?.name, 'Contoso');
      assert.deepEqual(names(), ['Contoso']);
    });

    it('a token of the same organization refreshes its profile, even with no organization in global state', async () => {
      await a.signIn({
        name: 'Pasted',
        siteUrl: sandboxUrl(),
        auth: 'access-token',
        accessToken: pastedToken(),
      });
      await forgetSecrets('Pasted');
      // code-server keeps global state per browser too: a second browser knows no organization.
      await a.ext.profiles.setOrg('Pasted', undefined);
      const again = await a.signIn({
        siteUrl: sandboxUrl(),
        auth: 'access-token',
        accessToken: pastedToken(),
      });
      assert.equal(again?.name, 'Pasted');
      assert.deepEqual(names(), ['Pasted']);
      assert.equal(await a.ext.context.secrets.get('infisical/Pasted/access-token'), pastedToken());
      assert.equal(a.ext.profiles.org('Pasted')?.id, DEMO.orgId, 'the organization is found again');
    });

    it('another client ID, another site or another kind of credential is another profile', async () => {
      await a.signIn({
        name: 'Pasted',
        siteUrl: sandboxUrl(),
        auth: 'access-token',
        accessToken: pastedToken(),
      });
      await signInDemo(a, 'Contoso');
      const second = await a.signIn({
        siteUrl: sandboxUrl(),
        auth: 'universal-auth',
        clientId: DEMO.second.clientId,
        clientSecret: DEMO.second.clientSecret,
      });
      assert.equal(second?.name, orgNameOf(DEMO.second));
      // The same sandbox under another name (localhost for 127.0.0.1) is another site.
      const other = new URL(sandboxUrl());
      other.hostname = 'localhost';
      const elsewhere = await a.signIn({
        name: 'Elsewhere',
        siteUrl: other.href,
        auth: 'universal-auth',
        clientId: DEMO.clientId,
        clientSecret: DEMO.clientSecret,
      });
      assert.equal(elsewhere?.name, 'Elsewhere');
      assert.deepEqual(names().sort(), ['Contoso', 'Elsewhere', orgNameOf(DEMO.second), 'Pasted'].sort());
    });
  });

  it('sessions appear for the Accounts menu through the authentication provider', async () => {
    const announced: vscode.AuthenticationProviderInformation[] = [];
    const listening = vscode.authentication.onDidChangeSessions((e) => announced.push(e.provider));
    try {
      await signInDemo(a, 'Contoso');
      // VS Code's authentication service heard of the new session from the registered provider.
      const provider = await waitFor('the session change from the Infisical provider', () =>
        announced.find((p) => p.id === 'infisical'),
      );
      assert.equal(provider.label, 'Infisical');
    } finally {
      listening.dispose();
    }
    const labels = await accountLabels('infisical');
    const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
    if (labels) assert.deepEqual(labels, [`Contoso (${orgNameOf(DEMO)})`]);
    else assert.ok(major === 1 && minor < 93, `VS Code ${vscode.version} lacks authentication.getAccounts`);
  });

  it('an expired access token is renewed without the user noticing', async () => {
    await signInDemo(a, 'Contoso');
    assert.ok((await a.trees.connections.getChildren())?.length);
    await control('POST', 'expire-tokens');
    await control('DELETE', 'requests');
    a.trees.connections.reset();
    const groups = await a.trees.connections.getChildren();
    assert.ok(
      groups?.every((g) => !String(g.label).startsWith('Could not load')),
      'no error node',
    );
    const log = (await requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.ok(log.includes('GET /api/v1/app-connections 401'), log.join('\n'));
    assert.ok(
      log.some((l) => /\/auth\/(token\/renew|universal-auth\/login) 200/.test(l)),
      log.join('\n'),
    );
    assert.equal(log.at(-1), 'GET /api/v1/app-connections 200');
  });

  it('no secret is written anywhere but SecretStorage: settings, global state, user-data files', async () => {
    await signInDemo(a, 'Contoso');
    await a.trees.connections.getChildren();
    const token = (await a.ext.profiles.session('Contoso'))?.accessToken;
    assert.ok(token);
    const canaries = [DEMO.clientSecret, token];
    const state = JSON.stringify(
      a.ext.context.globalState.keys().map((k) => a.ext.context.globalState.get(k)),
    );
    const settings = JSON.stringify(vscode.workspace.getConfiguration('infisical'));
    for (const c of canaries) {
      assert.ok(!state.includes(c), 'global state holds a secret');
      assert.ok(!settings.includes(c), 'settings hold a secret');
    }
    // <user-data>/User/globalStorage/<extension id> → <user-data>
    const userData = join(a.ext.context.globalStorageUri.fsPath, '..', '..', '..');
    let scanned = 0;
    for await (const file of files(userData)) {
      const text = await readFile(file, 'latin1');
      scanned += 1;
      for (const c of canaries) assert.ok(!text.includes(c), `${file} holds a secret`);
    }
    assert.ok(scanned > 3, `scanned ${scanned} files of ${userData}`);
  });
});

/**
 * The accounts VS Code lists for a provider (what its Accounts menu shows), with
 * authentication.getAccounts from VS Code 1.93. Older ones have no public API that lists them:
 * a silent getSession of a provider that supports several accounts returns nothing until the
 * user has picked one for the calling extension. undefined there.
 */
async function accountLabels(providerId: string): Promise<string[] | undefined> {
  const auth = vscode.authentication as typeof vscode.authentication & {
    getAccounts?: (id: string) => Thenable<readonly vscode.AuthenticationSessionAccountInformation[]>;
  };
  return auth.getAccounts ? (await auth.getAccounts(providerId)).map((x) => x.label) : undefined;
}
