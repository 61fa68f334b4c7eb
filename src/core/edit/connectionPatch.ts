import type { FieldIssue } from '../api/errors';
import { connectionCapabilities, ROTATION_KEYS, rotationUnsupported } from '../azure';
import {
  type AnyConnectionField,
  CONNECTION_FIELDS,
  type ConnectionEditFields,
  type ConnectionField,
  connectionFieldsIn,
  describeRotation,
} from '../fields/connection';
import { shownCredentials } from '../fields/credentials';
import {
  type AppConnection,
  type ConnectionPatch,
  connectionEditSchema,
  connectionPatchSchema,
  credentialsSchemas,
  isAzureMethod,
  SECRET_CREDENTIAL_FIELDS,
} from '../schemas/appConnection';
import { type Change, type PatchResult, show, toFieldIssues } from './issues';

export type { ConnectionEditFields };

/** The editable fields of an Azure Client Secrets connection, in the order a document shows them. */
export function toConnectionEdit(server: AppConnection): ConnectionEditFields {
  const method = isAzureMethod(server.method) ? server.method : 'client-secret';
  const credentials: Record<string, string> = {};
  for (const key of shownCredentials(method)) {
    const value = server.credentials?.[key];
    if (typeof value === 'string') credentials[key] = value;
  }
  const fields: Record<string, unknown> = {};
  const add = (section: 'connection' | 'rotation') => {
    for (const [key, f] of connectionFieldsIn(section)) {
      const value = f.toEdit(server);
      if (value !== undefined) fields[key] = value;
    }
  };
  add('connection');
  fields.credentials = credentials;
  add('rotation');
  return fields as ConnectionEditFields;
}

/** Whether an edited value is the stored one, by the field's own equality. */
function same(key: ConnectionField, before: unknown, after: unknown): boolean {
  const f = CONNECTION_FIELDS[key] as AnyConnectionField;
  return f.editEquals ? f.editEquals(before, after) : before === after;
}

const issue = (path: (string | number)[], message: string): PatchResult<never> => ({
  ok: false,
  issues: [{ path, message, code: 'custom' } satisfies FieldIssue],
});

/**
 * The minimal PATCH that turns `server` into `edited` for an Azure Client Secrets connection.
 * Credentials are replaced as a whole and only when the user typed new write-only values;
 * the method never changes; rotation rules are checked against the connection's state.
 */
export function buildConnectionPatch(server: AppConnection, edited: unknown): PatchResult<ConnectionPatch> {
  if (!isAzureMethod(server.method)) {
    return issue([], `This connection's method "${server.method}" is not one this extension can edit.`);
  }
  const method = server.method;
  const unsupported = unsupportedRotation(server, edited);
  if (unsupported) return unsupported;
  const parsed = connectionEditSchema(method).safeParse(edited);
  if (!parsed.success) return { ok: false, issues: toFieldIssues(parsed.error) };
  const e = parsed.data;
  const before = toConnectionEdit(server);
  const body: ConnectionPatch = {};
  const changes: Change[] = [];
  const note = (field: string, from: unknown, to: unknown) =>
    changes.push({ field, before: show(from), after: show(to) });

  const was = before as unknown as Record<string, unknown>;
  const sent = body as Record<string, unknown>;
  for (const [key, f] of connectionFieldsIn('connection')) {
    const after = (e as Record<string, unknown>)[key];
    if (after === undefined) continue;
    const value = f.toBody ? f.toBody(after) : after;
    if (same(key, was[key], value)) continue;
    sent[key] = value;
    note(key, was[key], value);
  }

  // Credentials
  const editedCreds = (e.credentials ?? {}) as Record<string, unknown>;
  const secretFields = SECRET_CREDENTIAL_FIELDS[method];
  const typedSecrets = secretFields.filter(
    (k) => typeof editedCreds[k] === 'string' && editedCreds[k] !== '',
  );
  const credsChanged = Object.entries(editedCreds).some(
    ([k, v]) => !secretFields.includes(k) && v !== (before.credentials[k] ?? undefined),
  );
  let effectiveCreds: Record<string, unknown> = before.credentials;
  if (typedSecrets.length > 0) {
    if (method === 'oauth') {
      return issue(['credentials', 'code'], OAUTH_REAUTHORIZE);
    }
    const merged = { ...before.credentials, ...editedCreds };
    const full = credentialsSchemas[method].safeParse(merged);
    if (!full.success) {
      return {
        ok: false,
        issues: toFieldIssues(full.error).map((i) => ({ ...i, path: ['credentials', ...i.path] })),
      };
    }
    body.credentials = full.data;
    effectiveCreds = full.data;
    changes.push({
      field: 'credentials',
      before: '(current, write-only values hidden)',
      after: `replaced (${Object.keys(full.data).join(', ')}; write-only values hidden)`,
    });
  } else if (credsChanged) {
    if (method === 'oauth') return issue(['credentials', 'tenantId'], OAUTH_REAUTHORIZE);
    const missing = secretFields.map((k) => `credentials.${k}`).join(' and ');
    return issue(
      ['credentials', secretFields[0] ?? 'credentials'],
      `To change the credentials, also give a new ${missing} ("Replace credentials…" in a JSON document): Infisical never returns ${secretFields.length > 1 ? 'them' : 'it'}, and credentials are replaced as a whole.`,
    );
  }

  // Rotation
  const enabledBefore = before.isAutoRotationEnabled ?? false;
  const enabled = e.isAutoRotationEnabled ?? enabledBefore;
  const rotation = e.rotation ?? before.rotation;
  const rotationChanged = e.rotation !== undefined && !same('rotation', before.rotation, e.rotation);
  if (enabled && (enabled !== enabledBefore || rotationChanged || body.credentials)) {
    if (method !== 'client-secret') {
      return issue(['isAutoRotationEnabled'], 'Automatic rotation works only for client-secret connections.');
    }
    if (typeof effectiveCreds.clientSecretKeyId !== 'string' || effectiveCreds.clientSecretKeyId === '') {
      return issue(
        ['credentials', 'clientSecretKeyId'],
        'Automatic rotation needs credentials.clientSecretKeyId (the Secret ID of the client secret in Entra ID); enter it along with a new credentials.clientSecret.',
      );
    }
    if (!rotation) {
      return issue(
        ['rotation'],
        'Enabling automatic rotation the first time needs "rotation": { "rotationInterval": 30, "rotateAtUtc": { "hours": 0, "minutes": 0 } }.',
      );
    }
  }
  if (enabled !== enabledBefore) {
    body.isAutoRotationEnabled = enabled;
    note('isAutoRotationEnabled', enabledBefore, enabled);
  }
  if (rotationChanged) {
    body.rotation = rotation;
    note('rotation', describeRotation(before.rotation), describeRotation(rotation));
  }

  const checked = connectionPatchSchema(method).safeParse(body);
  if (!checked.success) return { ok: false, issues: toFieldIssues(checked.error) };
  return { ok: true, body: checked.data, changes };
}

/** Rotation keys in an edit of a connection whose server has no rotation: refused, whatever their values. */
function unsupportedRotation(server: AppConnection, edited: unknown): PatchResult<never> | undefined {
  if (typeof edited !== 'object' || edited === null || connectionCapabilities(server).serverRotation) return;
  const keys = ROTATION_KEYS.filter(
    (k) => k in edited && (edited as Record<string, unknown>)[k] !== undefined,
  );
  const first = keys[0];
  return first ? issue([first], rotationUnsupported('this server', keys)) : undefined;
}

export const OAUTH_REAUTHORIZE =
  'OAuth connections are re-authorized in the Infisical web app: the code comes from Microsoft’s consent redirect to Infisical, which an editor cannot receive.';
