import assert from 'node:assert/strict';
import { InfisicalError } from '../../src/core/api/errors';
import { toAzureAuthEdit } from '../../src/core/edit/azureAuthPatch';
import { toConnectionEdit } from '../../src/core/edit/connectionPatch';
import type { AppConnection } from '../../src/core/schemas/appConnection';
import { secretValues } from '../../src/forms/definitions';
import { azureAuthEditText, connectionEditText } from '../../src/forms/diff';
import {
  azureAuthAsServer,
  azureAuthFields,
  azureAuthFieldsSchema,
  azureAuthMeta,
  connectionAsServer,
  connectionFields,
  connectionFieldsSchema,
  connectionMeta,
  SECRET_FIELDS,
  withoutSecrets,
} from '../../src/forms/fields';
import { formHtml, makeNonce } from '../../src/forms/html';
import { formStateSchema, toWebview } from '../../src/forms/protocol';
import { errorReply, fieldOfServerMessage, outcomeReply } from '../../src/forms/replies';
import { connectionModel } from '../../src/webview/model/connection';
import { azureAuthFixture, CLIENT, KEY_ID, TENANT } from './fixtures';

const SECRET = 'a-write-only-client-secret';

const clientSecretConnection: AppConnection = {
  id: 'c1',
  name: 'azure-prod',
  app: 'azure-client-secrets',
  method: 'client-secret',
  description: 'Production subscription',
  version: 3,
  orgId: 'o1',
  projectId: null,
  updatedAt: '2026-11-01T10:00:00.000Z',
  credentials: { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID },
  isPlatformManagedCredentials: false,
  isAutoRotationEnabled: true,
  rotation: {
    rotationInterval: 30,
    rotateAtUtc: { hours: 3, minutes: 15 },
    rotationStatus: 'failed',
    nextRotationAt: '2026-12-01T03:15:00.000Z',
    lastRotationMessage: 'AADSTS7000215: Invalid client secret provided.',
  },
};

const azureAuth = azureAuthFixture;

describe('form views (host → webview)', () => {
  it('sends only the editable fields, and they read back as a server-shaped object', () => {
    const view = connectionFieldsSchema.parse(connectionFields(clientSecretConnection));
    assert.deepEqual(view, toConnectionEdit(clientSecretConnection));
    assert.equal('id' in view, false);
    assert.deepEqual(toConnectionEdit(connectionAsServer(view, 'client-secret')), view);

    const azure = azureAuthFieldsSchema.parse(azureAuthFields(azureAuth));
    assert.deepEqual(azure.accessTokenTrustedIps, [
      { ipAddress: '10.0.0.0/8' },
      { ipAddress: '2001:db8::/32' },
    ]);
    assert.deepEqual(toAzureAuthEdit(azureAuthAsServer(azure)), azure);
  });

  it('builds the meta: title, method, rotation status, and Rotate now only where rotation is set', () => {
    const meta = connectionMeta(clientSecretConnection, 'default');
    assert.equal(meta.title, 'Edit azure-prod');
    assert.equal(meta.method, 'client-secret');
    assert.equal(meta.canRotateNow, true);
    assert.deepEqual(meta.rotation, {
      status: 'failed',
      nextRotationAt: '2026-12-01T03:15:00.000Z',
      lastRotationMessage: 'AADSTS7000215: Invalid client secret provided.',
    });
    assert.equal(connectionMeta({ ...clientSecretConnection, rotation: null }, 'p').canRotateNow, false);
    assert.equal(
      connectionMeta({ ...clientSecretConnection, method: 'certificate' }, 'p').canRotateNow,
      false,
    );
    assert.equal(azureAuthMeta(azureAuth, 'ci-deployer', 'default').title, 'Azure Auth: ci-deployer');
    const target = {
      resource: 'connection',
      profile: 'default',
      id: clientSecretConnection.id,
      label: 'azure-prod',
    };
    const init = { type: 'init', target, meta, server: connectionFields(clientSecretConnection) };
    assert.ok(toWebview.safeParse(init).success);
    assert.ok(!toWebview.safeParse({ ...init, target: undefined }).success, 'a page must know what it edits');
  });

  it('the page state that survives a reload names the resource and the write-only fields typed, never their values', () => {
    const model = connectionModel(0);
    const typed = {
      ...model.fromServer(
        connectionFields(clientSecretConnection),
        connectionMeta(clientSecretConnection, 'p'),
      ),
      name: 'renamed',
      clientSecret: SECRET,
    };
    const target = {
      resource: 'connection',
      profile: 'p',
      id: clientSecretConnection.id,
      label: 'azure-prod',
    };
    const state = formStateSchema.parse({ target, dirty: true, values: model.toDraft(typed) });
    assert.ok(!JSON.stringify(state).includes(SECRET));
    const restored = model.restore(
      state.values,
      model.fromServer(connectionFields(clientSecretConnection), connectionMeta(clientSecretConnection, 'p')),
    );
    assert.equal(restored.values.name, 'renamed');
    assert.equal(restored.values.clientSecret, '');
    assert.deepEqual(restored.secretsDropped, ['clientSecret']);
  });

  it('knows every write-only field and strips them', () => {
    assert.deepEqual([...SECRET_FIELDS].sort(), ['certificateBody', 'clientSecret', 'code', 'privateKey']);
    const edited = { name: 'x', credentials: { tenantId: TENANT, clientSecret: SECRET, privateKey: 'k' } };
    assert.deepEqual(withoutSecrets(edited), { name: 'x', credentials: { tenantId: TENANT } });
    assert.deepEqual(secretValues(edited), [SECRET, 'k']);
    assert.deepEqual(secretValues({ name: 'x' }), []);
  });
});

describe('form replies', () => {
  const present = (server: AppConnection) => ({
    server: connectionFields(server),
    meta: connectionMeta(server, 'default'),
  });

  it('maps every save outcome to a reply the protocol accepts', () => {
    const saved = outcomeReply(
      {
        status: 'saved',
        server: { ...clientSecretConnection, name: 'azure-prod-2' },
        changes: [{ field: 'name', before: '"azure-prod"', after: '"azure-prod-2"' }],
        ignored: [],
      },
      present,
    );
    assert.equal(saved.status, 'saved');
    assert.ok(saved.status === 'saved' && saved.meta.title === 'Edit azure-prod-2');
    assert.ok(saved.status === 'saved' && saved.changes[0] === 'name');
    const replies = [
      saved,
      outcomeReply({ status: 'unchanged', server: clientSecretConnection }, present),
      outcomeReply({ status: 'not-sent', reason: 'cancelled' }, present),
      outcomeReply(
        { status: 'invalid', issues: [{ path: ['name'], message: 'bad' }], fromServer: true },
        present,
      ),
    ];
    const partly = outcomeReply(
      {
        status: 'saved',
        server: clientSecretConnection,
        changes: [{ field: 'name', before: '"a"', after: '"b"' }],
        ignored: [{ field: 'rotation', message: 'the server ignored rotation: it does not support it' }],
      },
      present,
    );
    assert.ok(partly.status === 'saved');
    assert.deepEqual(partly.ignored, ['the server ignored rotation: it does not support it']);
    replies.push(partly);
    for (const [id, result] of replies.entries()) {
      assert.ok(toWebview.safeParse({ type: 'reply', id, result }).success, JSON.stringify(result));
    }
  });

  it('puts a 400 about one field on that field, and anything else at the top', () => {
    const refused = (serverMessage: string) =>
      new InfisicalError({
        kind: 'http',
        status: 400,
        code: 'BadRequest',
        serverMessage,
        message: `Infisical refused the change: ${serverMessage}`,
      });
    const taken = errorReply(
      refused('An App Connection with the name "x" already exists'),
      'connection',
      String,
    );
    assert.deepEqual(taken, {
      status: 'invalid',
      fromServer: true,
      issues: [
        { path: ['name'], message: 'An App Connection with the name "x" already exists', code: 'BadRequest' },
      ],
    });
    const other = errorReply(
      refused('Failed to update Azure Auth'),
      'azure-auth',
      (e) => (e as Error).message,
    );
    assert.deepEqual(other, {
      status: 'error',
      message: 'Infisical refused the change: Failed to update Azure Auth',
    });
    const network = new InfisicalError({ kind: 'network', message: 'The connection failed.' });
    assert.deepEqual(
      errorReply(network, 'connection', (e) => (e as Error).message),
      {
        status: 'error',
        message: 'The connection failed.',
      },
    );
  });

  it('recognizes the server’s field sentences', () => {
    const cases: [Parameters<typeof fieldOfServerMessage>[0], string, string | undefined][] = [
      [
        'connection',
        'Failed to get access token: AADSTS7000215: Invalid client secret provided.',
        'credentials',
      ],
      ['connection', 'Invalid credential format for Azure Client Secrets Connection', 'credentials'],
      [
        'connection',
        'A Client Secret Key ID (clientSecretKeyId) is required while automatic credential rotation is enabled',
        'credentials.clientSecretKeyId',
      ],
      [
        'connection',
        'Enabling automatic credential rotation for the first time requires rotation.rotationInterval',
        'rotation',
      ],
      ['azure-auth', 'The IP is not a valid IPv4, IPv6, or CIDR block', 'accessTokenTrustedIps'],
      [
        'azure-auth',
        'Failed to add IP access range to access token due to plan restriction.',
        'accessTokenTrustedIps',
      ],
      ['azure-auth', 'Access token TTL cannot be greater than max TTL', 'accessTokenTTL'],
      ['azure-auth', 'The identity does not have Azure Auth attached', undefined],
    ];
    for (const [resource, message, field] of cases) {
      assert.equal(fieldOfServerMessage(resource, message)?.join('.'), field, message);
    }
  });
});

describe('form diff texts', () => {
  it('renders the server document with the edit applied, never a write-only value', () => {
    const edited = {
      name: 'azure-prod-2',
      credentials: { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, clientSecretKeyId: KEY_ID },
      rotation: { rotationInterval: 7, rotateAtUtc: { hours: 1, minutes: 0 } },
    };
    const text = connectionEditText(clientSecretConnection, edited, 'default');
    assert.match(text, /"name": "azure-prod-2"/);
    assert.match(text, /"rotationInterval": 7/);
    assert.doesNotMatch(text, new RegExp(SECRET));
    // An edit that does not apply is shown as its own JSON, still without secrets.
    const broken = connectionEditText(clientSecretConnection, { ...edited, name: 'Bad Name' }, 'default');
    assert.match(broken, /Bad Name/);
    assert.doesNotMatch(broken, new RegExp(SECRET));
  });

  it('applies an Azure Auth edit to its document', () => {
    const text = azureAuthEditText(
      azureAuth,
      { accessTokenTTL: 3600, accessTokenMaxTTL: 7200 },
      'ci',
      'default',
    );
    assert.match(text, /"accessTokenTTL": 3600/);
    assert.match(text, /"accessTokenMaxTTL": 7200/);
    assert.match(text, /"ipAddress": "10.0.0.0\/8"/);
  });
});

describe('form page', () => {
  const page = formHtml({
    cspSource: 'https://webview.test',
    nonce: 'abc123',
    script: 'https://webview.test/media/form.js',
    style: 'https://webview.test/media/form.css',
    codicons: 'https://webview.test/media/codicon.css',
  });

  it('has a strict CSP: nonce scripts, styles and fonts from the extension only', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1];
    assert.equal(
      csp,
      "default-src 'none'; script-src 'nonce-abc123'; style-src https://webview.test; font-src https://webview.test; img-src https://webview.test",
    );
    assert.doesNotMatch(page, /style="|<style|unsafe-inline|unsafe-eval/);
    const scripts = page.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? '', /nonce="abc123" src="https:\/\/webview.test\/media\/form.js"/);
    assert.match(page, /id="vscode-codicon-stylesheet"/);
  });

  it('makes a fresh nonce each time', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(a, makeNonce());
  });
});
