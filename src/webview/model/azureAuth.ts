import { buildAzureAuthPatch } from '../../core/edit/azureAuthPatch';
import { formatDuration, parseDuration } from '../../core/edit/duration';
import { needsPaidPlan } from '../../core/edit/ip';
import {
  AZURE_AUTH_FIELDS,
  type AzureAuthValues,
  azureAuthFields,
  TTL_PAIR,
} from '../../core/fields/azureAuth';
import type { AnyField } from '../../core/fields/field';
import { azureAuthPatchSchema } from '../../core/schemas/azureAuth';
import * as z from '../../core/schemas/zod';
import { type AzureAuthEditFields, azureAuthAsServer, azureAuthFieldsSchema } from '../../forms/fields';
import { type FormModel, fieldOf, mergeIssues, type ShownIssue } from './shared';

/** The form's values: text per field, one row per list entry, keyed as the field table says. */
export const azureAuthValuesSchema = z.object(
  Object.fromEntries(
    azureAuthFields.map(([, f]) => [f.form.value, f.form.kind === 'list' ? z.array(z.string()) : z.string()]),
  ) as {
    [K in keyof AzureAuthValues]: AzureAuthValues[K] extends string[]
      ? z.ZodMiniArray<z.ZodMiniString<string>>
      : z.ZodMiniString<string>;
  },
);
export type { AzureAuthValues };

/** The list fields and their row keys (`accessTokenTrustedIps.2`). */
export const PRINCIPALS = 'allowedServicePrincipalIds';
export const TRUSTED_IPS = 'accessTokenTrustedIps';

export function isAzureAuthField(key: string, values: AzureAuthValues): boolean {
  if (Object.hasOwn(AZURE_AUTH_FIELDS, key)) return true;
  const [list = '', index, ...rest] = key.split('.');
  if (rest.length > 0 || !Object.hasOwn(AZURE_AUTH_FIELDS, list)) return false;
  const rows = (values as Record<string, unknown>)[
    (AZURE_AUTH_FIELDS as Record<string, AnyField<never>>)[list]?.form.value ?? ''
  ];
  return Array.isArray(rows) && /^\d+$/.test(index ?? '') && Number(index) < rows.length;
}

export const azureAuthModel: FormModel<AzureAuthValues> = {
  resource: 'azure-auth',

  fromServer(server) {
    const fields = azureAuthFieldsSchema.parse(server);
    return Object.fromEntries(
      azureAuthFields.map(([key, f]) => [f.form.value, f.form.fromEdit(fields[key])]),
    ) as AzureAuthValues;
  },

  restore(draft, fallback) {
    const parsed = z.partial(azureAuthValuesSchema).safeParse(draft);
    return { values: parsed.success ? { ...fallback, ...parsed.data } : fallback, secretsDropped: [] };
  },

  toDraft: (values) => ({ ...values }),

  validate(server, _meta, values) {
    const fields = azureAuthFieldsSchema.parse(server);
    const { edited, local } = toAzureAuthEdit(values, fields);
    const rows = principalRowIssues(values.principals);
    const result = buildAzureAuthPatch(azureAuthAsServer(fields), edited);
    const built: ShownIssue[] = result.ok
      ? []
      : result.issues
          .map((i) => ({
            field: fieldOf(i.path, (k) => isAzureAuthField(k, values)),
            message: i.message,
            fromServer: false,
          }))
          // A row's own message says it better than the joined list's.
          .filter((i) => !(i.field === PRINCIPALS && rows.length > 0));
    const issues = mergeIssues([...local, ...rows], built);
    const ok = result.ok && issues.length === 0;
    return ok ? { issues, changes: result.changes, edited } : { issues, changes: [] };
  },

  fieldOf: (path, _meta, values) => fieldOf(path, (k) => isAzureAuthField(k, values)),
};

/**
 * The edit the values mean, in the shape buildAzureAuthPatch reads; durations read here. A TTL
 * left as the server has it is left out, so a TTL/Max TTL conflict lands on the one the user
 * changed (the builder still sends both together).
 */
export function toAzureAuthEdit(
  values: AzureAuthValues,
  server: Pick<AzureAuthEditFields, 'accessTokenTTL' | 'accessTokenMaxTTL'>,
): { edited: Record<string, unknown>; local: ShownIssue[] } {
  const local: ShownIssue[] = [];
  const edited: Record<string, unknown> = {};
  const typed = values as unknown as Record<string, string | string[]>;
  for (const [field, f] of azureAuthFields) {
    const read = f.form.toEdit(typed[f.form.value] ?? '');
    if ('message' in read) local.push({ field, message: read.message, fromServer: false });
    else if (!(TTL_PAIR.includes(field) && read.value === server[field as keyof typeof server]))
      edited[field] = read.value;
  }
  return { edited, local };
}

/** Seconds from "3600", "30d", "2h 30m"; other numbers go to the schema; else a message. */
export function readSeconds(text: string): number | string {
  const read = AZURE_AUTH_FIELDS.accessTokenTTL.form.toEdit(text);
  return 'message' in read ? read.message : (read.value as number);
}

/** Newer Infisical servers cap issued tokens at 90 days, whatever the TTL says. */
const SERVER_TOKEN_CAP_SECONDS = 7_776_000;

/** What a TTL field's text means ("= 30d"), or '' while it is not a duration. */
export function durationHint(text: string, field: 'ttl' | 'max'): string {
  const seconds = parseDuration(text);
  if (seconds === undefined) return '';
  if (field === 'max' && seconds === 0) return '= no maximum';
  const capped =
    field === 'ttl' && seconds > SERVER_TOKEN_CAP_SECONDS
      ? ' (newer Infisical servers cap tokens at 90d)'
      : '';
  return `= ${formatDuration(seconds)}${capped}`;
}

/** Each principal row checked alone with the request schema, so the message lands on its row. */
export function principalRowIssues(rows: readonly string[]): ShownIssue[] {
  return rows.flatMap((row, index): ShownIssue[] => {
    const field = `${PRINCIPALS}.${index}`;
    if (row.trim() === '') {
      return [
        {
          field,
          message: 'Empty: enter a service principal object ID, or remove this row.',
          fromServer: false,
        },
      ];
    }
    const parsed = azureAuthPatchSchema.safeParse({ allowedServicePrincipalIds: row });
    return parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field, message: i.message, fromServer: false }));
  });
}

/** Whether the trusted IPs need a paid Infisical plan (anything but 0.0.0.0/0 and ::/0). */
export function trustedIpsNeedPaidPlan(rows: readonly string[]): boolean {
  return needsPaidPlan(rows.filter((r) => r.trim() !== ''));
}

/**
 * Whether the form offers the default resource (https://management.azure.com/) as a one-click
 * fix: only where the value is empty or not a URL at all. Another audience (Key Vault's, an
 * app ID URI) is a choice, not a mistake to nudge away from.
 */
export function suggestsDefaultResource(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  try {
    new URL(v);
    return false;
  } catch {
    return true;
  }
}
