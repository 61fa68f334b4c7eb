import assert from 'node:assert/strict';
import { buildAzureAuthPatch } from '../../src/core/edit/azureAuthPatch';
import {
  duplicateKeys,
  locateIssue,
  parseDocument,
  renderAzureAuthDocument,
  renderConnectionDocument,
  SAVE_NOTICE,
} from '../../src/core/edit/document';
import { azureAuthKind, connectionKind } from '../../src/core/edit/resources';
import type { AppConnection } from '../../src/core/schemas/appConnection';
import type { IdentityAzureAuth } from '../../src/core/schemas/azureAuth';

const azure: IdentityAzureAuth = {
  identityId: 'i-1',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  resource: 'https://management.azure.com/',
  allowedServicePrincipalIds: '',
  accessTokenTTL: 3600,
  accessTokenMaxTTL: 7200,
  accessTokenNumUsesLimit: 0,
  accessTokenTrustedIps: [{ ipAddress: '0.0.0.0', type: 'ipv4', prefix: 0 }],
  updatedAt: '2026-11-01T00:00:00Z',
};
const conn: AppConnection = {
  id: 'c-1',
  name: 'azure-prod',
  app: 'azure-client-secrets',
  method: 'client-secret',
  description: 'line one\nline two',
  credentials: { tenantId: azure.tenantId, clientId: '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c' },
};

describe('JSONC documents', () => {
  it('start with what Ctrl+S does, then the editable fields, and parse back unchanged', () => {
    const text = renderAzureAuthDocument(azure, 'deploy-bot', 'work');
    const lines = text.split('\n');
    assert.match(lines[0] ?? '', /^\/\/ Azure Auth of machine identity "deploy-bot"/);
    assert.equal(lines[1], SAVE_NOTICE);
    const parsed = parseDocument(text);
    assert.deepEqual(parsed.syntaxErrors, []);
    const r = buildAzureAuthPatch(azure, parsed.value);
    assert.ok(r.ok && Object.keys(r.body).length === 0, 'an untouched document changes nothing');
  });

  it('say how to set write-only credentials, and keep server text on its comment line', () => {
    const text = renderConnectionDocument(conn, 'work');
    assert.match(text, /Write-only: "clientSecret" is never returned/);
    assert.ok(!text.includes('clientSecret":'), 'no secret field is pre-filled');
    const parsed = parseDocument(text);
    assert.deepEqual(parsed.syntaxErrors, []);
    assert.equal((parsed.value as { description: string }).description, 'line one\nline two');
    const oauth = renderConnectionDocument({ ...conn, method: 'oauth', name: 'evil\n{"name": "x"}' }, 'work');
    assert.match(oauth, /re-authorized in the Infisical web app/);
    assert.deepEqual(parseDocument(oauth).syntaxErrors, [], 'a newline in a name cannot escape the comment');
  });

  it('report syntax errors with positions, and duplicate keys', () => {
    const broken = parseDocument('{\n  "accessTokenTTL": 1,\n  "accessTokenTTL": 2,\n  "resource": \n}');
    assert.ok(broken.syntaxErrors.length > 0);
    assert.ok(broken.syntaxErrors.every((e) => e.offset > 0 && e.message));
    const dup = parseDocument('{ "a": 1, "b": { "c": 1, "c": 2 }, "a": 3 }');
    assert.deepEqual(
      duplicateKeys(dup.root).map((d) => d.message),
      ['"a" appears more than once', '"c" appears more than once'],
    );
  });

  it('locate issues on the value, on an unknown key, or on the nearest parent', () => {
    const text =
      '{\n  "accessTokenTrustedIps": [{ "ipAddress": "10.0.0.0/40" }],\n  "tenantID": "x",\n  "rotation": {}\n}';
    const { root } = parseDocument(text);
    const at = (r: { offset: number; length: number }) => text.slice(r.offset, r.offset + r.length);
    assert.equal(
      at(locateIssue(root, { path: ['accessTokenTrustedIps', 0, 'ipAddress'], message: '' })),
      '"10.0.0.0/40"',
    );
    assert.equal(
      at(locateIssue(root, { path: ['tenantID'], message: '', code: 'unrecognized_keys' })),
      '"tenantID"',
    );
    assert.equal(
      at(locateIssue(root, { path: ['rotation', 'rotateAtUtc', 'hours'], message: '' })),
      '"rotation"',
    );
    assert.equal(locateIssue(undefined, { path: ['x'], message: '' }).offset, 0);
    assert.deepEqual(locateIssue(parseDocument(' []').root, { path: ['a'], message: '' }), {
      offset: 1,
      length: 1,
    });
  });

  it('describe both editable kinds', () => {
    assert.equal(connectionKind.label(conn), 'azure-prod');
    assert.deepEqual(connectionKind.version({ ...conn, version: 2, updatedAt: 'u' }), {
      updatedAt: 'u',
      version: 2,
    });
    assert.deepEqual(azureAuthKind.version(azure), { updatedAt: azure.updatedAt });
    assert.equal(azureAuthKind.label(azure), 'i-1');
    assert.match(connectionKind.render(conn, { profile: 'p', label: 'l' }), /azure-prod/);
    assert.match(azureAuthKind.render(azure, { profile: 'p', label: 'bot' }), /"bot"/);
  });
});
