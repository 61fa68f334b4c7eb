import * as z from 'zod';
import { buildAzureAuthPatch } from '../../core/edit/azureAuthPatch';
import { formatDuration, parseDuration } from '../../core/edit/duration';
import { needsPaidPlan } from '../../core/edit/ip';
import { azureAuthPatchSchema } from '../../core/schemas/azureAuth';
import { type AzureAuthEditFields, azureAuthAsServer, azureAuthFieldsSchema } from '../../forms/fields';
import { type FormModel, fieldOf, mergeIssues, numberOrText, type ShownIssue } from './shared';

export const azureAuthValuesSchema = z.object({
  tenantId: z.string(),
  resource: z.string(),
  /** One service principal object id per row. */
  principals: z.array(z.string()),
  /** Seconds or a duration ("30d", "2h 30m"), as typed. */
  ttl: z.string(),
  maxTtl: z.string(),
  /** Blank = 0 = unlimited. */
  numUses: z.string(),
  /** One IP or CIDR per row. */
  trustedIps: z.array(z.string()),
});
export type AzureAuthValues = z.infer<typeof azureAuthValuesSchema>;

/** The list fields and their row keys (`accessTokenTrustedIps.2`). */
export const PRINCIPALS = 'allowedServicePrincipalIds';
export const TRUSTED_IPS = 'accessTokenTrustedIps';
const SCALAR_FIELDS = [
  'tenantId',
  'resource',
  'accessTokenTTL',
  'accessTokenMaxTTL',
  'accessTokenNumUsesLimit',
];

export function isAzureAuthField(key: string, values: AzureAuthValues): boolean {
  if (SCALAR_FIELDS.includes(key) || key === PRINCIPALS || key === TRUSTED_IPS) return true;
  const row = (list: string, rows: string[]) => {
    const m = new RegExp(`^${list}\\.(\\d+)$`).exec(key);
    return m !== null && Number(m[1]) < rows.length;
  };
  return row(PRINCIPALS, values.principals) || row(TRUSTED_IPS, values.trustedIps);
}

export const azureAuthModel: FormModel<AzureAuthValues> = {
  resource: 'azure-auth',

  fromServer(server) {
    const fields = azureAuthFieldsSchema.parse(server);
    return {
      tenantId: fields.tenantId,
      resource: fields.resource,
      principals: fields.allowedServicePrincipalIds
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
      ttl: String(fields.accessTokenTTL),
      maxTtl: String(fields.accessTokenMaxTTL),
      numUses: fields.accessTokenNumUsesLimit === 0 ? '' : String(fields.accessTokenNumUsesLimit),
      trustedIps: fields.accessTokenTrustedIps.map((ip) => ip.ipAddress),
    };
  },

  restore(draft, fallback) {
    const parsed = azureAuthValuesSchema.partial().safeParse(draft);
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
  const edited: Record<string, unknown> = {
    tenantId: values.tenantId,
    resource: values.resource,
    allowedServicePrincipalIds: values.principals.map((p) => p.trim()).join(', '),
    accessTokenTrustedIps: values.trustedIps.map((ipAddress) => ({ ipAddress })),
    accessTokenNumUsesLimit: numberOrText(values.numUses) ?? 0,
  };
  for (const [field, text] of [
    ['accessTokenTTL', values.ttl],
    ['accessTokenMaxTTL', values.maxTtl],
  ] as const) {
    const seconds = readSeconds(text);
    if (typeof seconds === 'string') local.push({ field, message: seconds, fromServer: false });
    else if (seconds !== server[field]) edited[field] = seconds;
  }
  return { edited, local };
}

/** Seconds from "3600", "30d", "2h 30m"; other numbers go to the schema; else a message. */
export function readSeconds(text: string): number | string {
  const t = text.trim();
  if (t === '') return 'Enter seconds or a duration such as 30d, 12h or 2h 30m.';
  const seconds = parseDuration(t) ?? numberOrText(t);
  return typeof seconds === 'number'
    ? seconds
    : `"${t}" is not a duration: enter seconds or e.g. 30d, 12h, 2h 30m.`;
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
