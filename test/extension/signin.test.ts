import * as assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Prompter } from '../../src/accounts/signInSteps';
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

/**
 * A person answering the sign-in prompts from a script: a quick pick's row by a piece of its
 * label, an input box's text (which must pass the box's own check), or undefined to cancel.
 * Records each prompt's title, and what each box and pick offered.
 */
class ScriptedPerson implements Prompter {
  readonly titles: string[] = [];
  readonly prefilled: (string | undefined)[] = [];
  readonly rows: vscode.QuickPickItem[][] = [];
  constructor(private readonly answers: (string | undefined)[]) {}

  async pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions) {
    this.titles.push(options.title ?? '');
    this.rows.push(items);
    const answer = this.answers.shift();
    if (answer === undefined) return undefined;
    const row = items.find((i) => i.label.includes(answer));
    assert.ok(row, `no row "${answer}" in ${items.map((i) => i.label).join(', ')}`);
    return row;
  }

  async input(options: vscode.InputBoxOptions) {
    this.titles.push(options.title ?? '');
    this.prefilled.push(options.value);
    const answer = this.answers.shift();
    if (answer !== undefined) assert.equal(await options.validateInput?.(answer), undefined, answer);
    return answer;
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

  describe('the prompts', () => {
    const ua = 'Machine identity (Universal Auth)';
    const steps = (person: ScriptedPerson) =>
      person.titles.map((t) => /\((\d+\/\d+)\): (.*)$/.exec(t)?.slice(1).join(' '));

    it('number every step of each path, the name step included, and the total matches the last step', async () => {
      const cloudUa = new ScriptedPerson(['Cloud (US)', ua, DEMO.clientId, undefined]);
      assert.equal(await a.signIn(undefined, cloudUa), undefined);
      assert.deepEqual(steps(cloudUa), ['1/4 site', '2/4 credentials', '3/5 client ID', '4/5 client secret']);
      const cloudToken = new ScriptedPerson(['Cloud (EU)', 'Access token', undefined]);
      assert.equal(await a.signIn(undefined, cloudToken), undefined);
      assert.deepEqual(steps(cloudToken), ['1/4 site', '2/4 credentials', '3/4 access token']);

      const selfUa = new ScriptedPerson([
        'Self-hosted',
        sandboxUrl(),
        ua,
        DEMO.clientId,
        DEMO.clientSecret,
        'Mine',
      ]);
      assert.equal((await a.signIn(undefined, selfUa))?.name, 'Mine');
      assert.deepEqual(steps(selfUa), [
        '1/4 site',
        '2/5 server URL',
        '3/5 credentials',
        '4/6 client ID',
        '5/6 client secret',
        '6/6 profile name',
      ]);
      const token = demoCredentials(sandboxUrl()).staticToken;
      const selfToken = new ScriptedPerson(['Self-hosted', sandboxUrl(), 'Access token', token, 'Pasted']);
      assert.equal((await a.signIn(undefined, selfToken))?.name, 'Pasted');
      assert.deepEqual(steps(selfToken), [
        '1/4 site',
        '2/5 server URL',
        '3/5 credentials',
        '4/5 access token',
        '5/5 profile name',
      ]);
    });

    it('a client ID already signed in here ends at its secret: that step is the last one counted', async () => {
      await signInDemo(a, 'Contoso');
      const again = new ScriptedPerson(['Self-hosted', sandboxUrl(), ua, DEMO.clientId, DEMO.clientSecret]);
      assert.equal((await a.signIn(undefined, again))?.name, 'Contoso');
      assert.deepEqual(steps(again), [
        '1/4 site',
        '2/5 server URL',
        '3/5 credentials',
        '4/6 client ID',
        '5/5 client secret',
      ]);
    });

    it('after a failed attempt the server URL typed is offered again, prefilled; no secret is', async () => {
      // The same sandbox under a name no other test types: what is offered comes from this attempt.
      const other = new URL(sandboxUrl());
      other.hostname = 'localhost';
      const url = other.href;
      const first = new ScriptedPerson(['Self-hosted', url, ua, DEMO.clientId, 'wrong-secret-x']);
      await assert.rejects(a.signIn(undefined, first), /was refused \(401\)/);
      const second = new ScriptedPerson(['Self-hosted', url, ua, DEMO.clientId, DEMO.clientSecret, 'Again']);
      assert.equal((await a.signIn(undefined, second))?.name, 'Again');
      const selfHosted = second.rows[0]?.find((r) => r.label.startsWith('Self-hosted'));
      assert.equal(selfHosted?.description, url, 'the site step shows the URL it will offer');
      // URL, client ID, client secret, name: only the URL comes back.
      assert.deepEqual(second.prefilled.slice(0, 3), [url, undefined, undefined]);
    });

    it('under `npm start` the demo is the first row of the first step, and "Sign In…" never uses it unasked', async () => {
      const demo = {
        name: 'Sandbox demo',
        siteUrl: sandboxUrl(),
        auth: 'universal-auth',
        clientId: DEMO.clientId,
        clientSecret: DEMO.clientSecret,
      };
      const before = process.env.INFISICAL_DEMO_PROFILE;
      process.env.INFISICAL_DEMO_PROFILE = JSON.stringify(demo);
      try {
        await control('DELETE', 'requests');
        const running = vscode.commands.executeCommand('infisical.signIn');
        // The silent sign-in answered within a few hundred milliseconds: give it more than that.
        await new Promise((r) => setTimeout(r, 1500));
        assert.deepEqual(a.ext.profiles.all(), [], 'nothing signed in before a person picked');
        assert.ok(!(await requests()).some((r) => r.path.includes('/auth/')), 'no login request');
        // Enter on the first step's preselected row: the demo.
        let finished = false;
        void running.then(() => {
          finished = true;
        });
        await waitFor(
          'the demo signed in from the first row',
          async () => {
            if (!finished)
              await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
            return finished;
          },
          20_000,
        );
        assert.equal(await running, 'Sandbox demo');
        assert.equal(a.ext.profiles.active()?.name, 'Sandbox demo');
        const person = new ScriptedPerson([undefined]);
        await a.signIn(undefined, person);
        assert.equal(person.rows[0]?.[0]?.label, '$(beaker) Sandbox demo');
        assert.deepEqual(
          person.rows[0]?.slice(1).map((r) => r.label),
          ['Infisical Cloud (US)', 'Infisical Cloud (EU)', 'Self-hosted…'],
        );
      } finally {
        if (before === undefined) delete process.env.INFISICAL_DEMO_PROFILE;
        else process.env.INFISICAL_DEMO_PROFILE = before;
      }
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
    // The identities tree may load in the same moment (the sign-in refreshed it): only the
    // connections' own requests are in order here.
    assert.equal(
      log.filter((l) => l.startsWith('GET /api/v1/app-connections ')).at(-1),
      'GET /api/v1/app-connections 200',
      log.join('\n'),
    );
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
