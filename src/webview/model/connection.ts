import { buildConnectionPatch } from '../../core/edit/connectionPatch';
import {
  type ConnectionTextValues,
  connectionFieldsIn,
  connectionTextFields,
} from '../../core/fields/connection';
import {
  CREDENTIAL_FIELDS as CREDENTIAL_FIELDS_BY_KEY,
  formCredentials,
  TYPED_CREDENTIALS,
  TYPED_WRITE_ONLY,
  type TypedCredentialKey,
  type TypedWriteOnlyKey,
} from '../../core/fields/credentials';
import {
  AZURE_METHODS,
  type AzureMethod,
  isAzureMethod,
  SECRET_CREDENTIAL_FIELDS,
} from '../../core/schemas/appConnection';
import * as z from '../../core/schemas/zod';
import { connectionAsServer, connectionFieldsSchema, SECRET_FIELDS } from '../../forms/fields';
import type { FormMeta } from '../../forms/protocol';
import { type FormModel, fieldOf, mergeIssues, numberOrText, type ShownIssue } from './shared';
import { localTimeToUtc, utcToLocalTime } from './time';

/** The form's values: the table's text fields (name, description), then credentials and rotation. */
export const connectionValuesSchema = z.object({
  ...(Object.fromEntries(connectionTextFields.map(([, f]) => [f.form.value, z.string()])) as {
    [K in keyof ConnectionTextValues]: z.ZodMiniString<string>;
  }),
  ...(Object.fromEntries(TYPED_CREDENTIALS.map((k) => [k, z.string()])) as Record<
    TypedCredentialKey,
    z.ZodMiniString<string>
  >),
  isAutoRotationEnabled: z.boolean(),
  /** Days, as typed. */
  rotationInterval: z.string(),
  /** Local time of day, HH:MM, as typed; the edit carries it in UTC. */
  rotateAt: z.string(),
});
export type ConnectionValues = z.infer<typeof connectionValuesSchema>;
/** The credential fields the form shows for each method, in order (write-only ones blank). */
export const CREDENTIAL_FIELDS = Object.fromEntries(
  AZURE_METHODS.map((m) => [m, formCredentials(m) as readonly TypedCredentialKey[]]),
) as Record<AzureMethod, readonly TypedCredentialKey[]>;

/** The credentials' values: what the server shows, write-only ones blank (never kept). */
function credentialValues(shown: Record<string, string>): Record<TypedCredentialKey, string> {
  const blank = (k: TypedCredentialKey) => CREDENTIAL_FIELDS_BY_KEY[k].writeOnly;
  return Object.fromEntries(TYPED_CREDENTIALS.map((k) => [k, blank(k) ? '' : (shown[k] ?? '')])) as Record<
    TypedCredentialKey,
    string
  >;
}

/** A new schedule starts from the web app's defaults: every 30 days, at midnight local time. */
export const DEFAULT_ROTATION = { rotationInterval: '30', rotateAt: '00:00' } as const;

const draftSchema = z.extend(
  z.partial(
    z.omit(
      connectionValuesSchema,
      Object.fromEntries(TYPED_WRITE_ONLY.map((k) => [k, true])) as Record<TypedWriteOnlyKey, true>,
    ),
  ),
  { secretsEntered: z.optional(z.array(z.string())) },
);

export function methodOf(meta: FormMeta): AzureMethod | undefined {
  return meta.method !== undefined && isAzureMethod(meta.method) ? meta.method : undefined;
}

/** Whether the form offers rotation: client-secret connections, on a server that has it. */
export function offersRotation(meta: FormMeta): boolean {
  return methodOf(meta) === 'client-secret' && meta.serverRotation !== false;
}

/** Whether `key` names a field of the form for this method (a data-field / issue target). */
export function isConnectionField(method: AzureMethod | undefined, key: string): boolean {
  if (key === 'credentials' || connectionTextFields.some(([k]) => k === key)) return true;
  if (key.startsWith('credentials.')) {
    const field = key.slice('credentials.'.length) as TypedCredentialKey;
    return method !== undefined && CREDENTIAL_FIELDS[method].includes(field);
  }
  const rotation = [
    ...connectionFieldsIn('rotation').map(([k]) => k as string),
    'rotation.rotationInterval',
    'rotation.rotateAtUtc',
  ];
  return method === 'client-secret' && rotation.includes(key);
}

/**
 * The connection form's model. `offsetMinutes` is the local time zone's offset from UTC
 * (east positive), used to show and read the rotation time in local time.
 */
export function connectionModel(offsetMinutes: number): FormModel<ConnectionValues> {
  return {
    resource: 'connection',

    fromServer(server) {
      const fields = connectionFieldsSchema.parse(server);
      const c = fields.credentials;
      return {
        ...textValues(fields),
        ...credentialValues(c),
        isAutoRotationEnabled: fields.isAutoRotationEnabled ?? false,
        rotationInterval: fields.rotation ? String(fields.rotation.rotationInterval) : '',
        rotateAt: fields.rotation ? utcToLocalTime(fields.rotation.rotateAtUtc, offsetMinutes) : '',
      };
    },

    restore(draft, fallback) {
      const parsed = draftSchema.safeParse(draft);
      if (!parsed.success) return { values: fallback, secretsDropped: [] };
      const { secretsEntered = [], ...kept } = parsed.data;
      const blank = Object.fromEntries(TYPED_WRITE_ONLY.map((k) => [k, ''])) as Record<
        TypedWriteOnlyKey,
        string
      >;
      const values = { ...fallback, ...kept, ...blank };
      return { values, secretsDropped: secretsEntered.filter((k) => SECRET_FIELDS.includes(k)) };
    },

    toDraft(values) {
      const secretsEntered = SECRET_FIELDS.filter((k) => {
        const value: unknown = values[k as keyof ConnectionValues];
        return typeof value === 'string' && value !== '';
      });
      const kept = Object.entries(values).filter(([k]) => !SECRET_FIELDS.includes(k));
      return { ...Object.fromEntries(kept), secretsEntered };
    },

    validate(server, meta, values) {
      const method = methodOf(meta);
      const fields = connectionFieldsSchema.parse(server);
      const { edited, local } = toConnectionEdit(values, fields.credentials, meta, offsetMinutes);
      const result = buildConnectionPatch(connectionAsServer(fields, meta.method ?? ''), edited);
      const built: ShownIssue[] = result.ok
        ? []
        : result.issues.map((i) => ({
            field: fieldOf(i.path, (k) => isConnectionField(method, k)),
            message: i.message,
            fromServer: false,
          }));
      const issues = mergeIssues(local, built);
      const ok = result.ok && issues.length === 0;
      return ok ? { issues, changes: result.changes, edited } : { issues, changes: [] };
    },

    fieldOf: (path, meta) => fieldOf(path, (k) => isConnectionField(methodOf(meta), k)),
  };
}

/** The text fields' values as the form shows them. */
function textValues(fields: Record<string, unknown>): ConnectionTextValues {
  return Object.fromEntries(
    connectionTextFields.map(([key, f]) => [f.form.value, f.form.fromEdit(fields[key])]),
  ) as ConnectionTextValues;
}

/**
 * The edit the form's values mean, in the shape buildConnectionPatch reads: credentials with
 * write-only values only when typed, a non-secret credential field only when it has a value
 * or the server has one, and rotation only where the form offers it.
 */
export function toConnectionEdit(
  values: ConnectionValues,
  serverCredentials: Record<string, string>,
  meta: FormMeta,
  offsetMinutes: number,
): { edited: Record<string, unknown>; local: ShownIssue[] } {
  const method = methodOf(meta);
  const local: ShownIssue[] = [];
  const edited: Record<string, unknown> = {};
  for (const [key, f] of connectionTextFields) {
    const read = f.form.toEdit(values[f.form.value as keyof ConnectionTextValues]);
    if ('value' in read) edited[key] = read.value;
    else local.push({ field: key, message: read.message, fromServer: false });
  }
  if (method && method !== 'oauth') {
    const credentials: Record<string, string> = {};
    const secrets = SECRET_CREDENTIAL_FIELDS[method];
    for (const key of CREDENTIAL_FIELDS[method]) {
      const value = values[key];
      const keep = secrets.includes(key) ? value !== '' : value.trim() !== '' || key in serverCredentials;
      if (keep) credentials[key] = value;
    }
    edited.credentials = credentials;
  }
  if (offersRotation(meta)) {
    edited.isAutoRotationEnabled = values.isAutoRotationEnabled;
    const interval = values.rotationInterval.trim();
    const at = values.rotateAt.trim();
    if (interval !== '' || at !== '') {
      const rotateAtUtc = at === '' ? undefined : localTimeToUtc(at, offsetMinutes);
      if (!rotateAtUtc) {
        const message =
          at === '' ? 'Enter the time of day to rotate at.' : `"${at}" is not a time of day (HH:MM).`;
        local.push({ field: 'rotation.rotateAtUtc', message, fromServer: false });
      }
      edited.rotation = { rotationInterval: numberOrText(interval), rotateAtUtc };
    }
  }
  return { edited, local };
}
