import { normalizePrincipalIds, principalList, sameIpSet, samePrincipals } from '../edit/equivalence';
import { principalCaseWarning, tenantIdCaseWarning } from '../edit/guidCase';
import { formatTrustedIp } from '../edit/ip';
import type { IdentityAzureAuth } from '../schemas/azureAuth';
import { GUID_PATTERN, guid, intRange, nonEmpty, refuseInvisible, str } from '../schemas/common';
import * as z from '../schemas/zod';
import { type AnyField, type FormValues, field, partOf } from './field';
import {
  DEFAULT_RESOURCE,
  DEFAULT_TRUSTED_IPS,
  fileIpEntry,
  GUID_EXAMPLE,
  orAsInFile,
  rows,
  storedIpEntry,
  text,
  typedNumber,
} from './values';

export * from './values';

import { ttlField } from './ttl';

/**
 * The fields of a machine identity's Azure Auth, one entry each, in the order documents and the
 * form show them. The PATCH and attach bodies, the workspace file's `azureAuth`, the JSON
 * editor's document, the plan's diff, the form's fields and values, the server-message mapping
 * and the GUID-case warnings are all derived from this table (see README, Architecture).
 */

/** Service principals as the API and the JSON editor write them: "id, id". */
const principalsText = z.pipe(
  str('allowedServicePrincipalIds', 'a string of comma-separated ids').check(
    z.superRefine(refuseInvisible('allowedServicePrincipalIds')),
    z.superRefine((value, ctx) => {
      if (value.trim() === '') return;
      for (const part of value.split(',').map((p) => p.trim())) {
        if (!GUID_PATTERN.test(part)) {
          ctx.addIssue({
            code: 'custom',
            message:
              part === ''
                ? 'allowedServicePrincipalIds has an empty entry between commas'
                : `allowedServicePrincipalIds: "${part}" is not a GUID (service principal object ids are GUIDs)`,
          });
        }
      }
    }),
  ),
  z.transform(normalizePrincipalIds),
);

/** Service principals as a workspace file writes them: a list. */
const principalsList = z.meta(
  z.array(
    z.meta(guid('allowedServicePrincipalIds entry'), {
      description: 'A service principal object id (GUID).',
    }),
    { error: 'allowedServicePrincipalIds must be a list of GUIDs ([] = any principal of the tenant)' },
  ),
  {
    description:
      'The service principals allowed to log in; [] = any principal of the tenant. Order does not matter. (The JSON editor shows them as one comma-separated string, and accepts this list too.)',
    examples: [[], [GUID_EXAMPLE]],
  },
);
const principalsFromList = (v: string[]) => v.join(', ');

const AT_LEAST_ONE_IP =
  'accessTokenTrustedIps needs at least one entry (0.0.0.0/0 and ::/0 allow any address)';

/** Trusted IPs as the API and the JSON editor write them: { "ipAddress": "10.0.0.0/8" }. */
const trustedIpObjects = z
  .array(storedIpEntry, { error: 'accessTokenTrustedIps must be a list of { "ipAddress": "…" }' })
  .check(z.minLength(1, { error: AT_LEAST_ONE_IP }));

/** Trusted IPs as a workspace file writes them: "10.0.0.0/8". */
const trustedIpTexts = z.meta(
  z
    .array(fileIpEntry, { error: 'accessTokenTrustedIps must be a list of strings such as "10.0.0.0/8"' })
    .check(z.minLength(1, { error: AT_LEAST_ONE_IP })),
  {
    description:
      'Addresses or CIDR blocks access tokens can be used from. Anything but 0.0.0.0/0 and ::/0 needs a paid Infisical plan. Order does not matter. (The JSON editor shows them as { "ipAddress": "10.0.0.0/8" }, and accepts these strings too.)',
    examples: [['0.0.0.0/0', '::/0'], ['10.0.0.0/8']],
  },
);
const trustedIpsFromTexts = (v: string[]) => v.map((ipAddress) => ({ ipAddress }));

export const AZURE_AUTH_FIELDS = {
  tenantId: field({
    label: 'Tenant ID',
    help: 'The Directory (tenant) ID of your Microsoft Entra ID tenant: a GUID.',
    placeholder: GUID_EXAMPLE,
    section: 'azure',
    request: z.meta(guid('tenantId'), {
      description: 'The tenant ID for the Azure AD organization (the Directory (tenant) GUID).',
      examples: [GUID_EXAMPLE],
    }),
    decl: z.meta(guid('tenantId'), {
      description: 'The Directory (tenant) GUID of the Azure AD organization.',
    }),
    edit: z.string(),
    toEdit: (s: IdentityAzureAuth) => s.tenantId,
    toDecl: (s: IdentityAzureAuth) => s.tenantId,
    fromDecl: (v: string) => v,
    serverMessage: { pattern: /tenant/i, rank: 4 },
    warning: tenantIdCaseWarning,
    form: { value: 'tenantId', order: 0, ...text },
  }),
  resource: field({
    label: 'Resource / audience',
    help: 'The audience the Azure access token is issued for.',
    placeholder: DEFAULT_RESOURCE,
    section: 'azure',
    request: z.meta(
      nonEmpty('resource').check(z.maxLength(2048, { error: 'resource must be at most 2048 characters' })),
      {
        description: 'The resource URL (audience) for the application registered in Azure AD.',
        default: DEFAULT_RESOURCE,
        examples: [DEFAULT_RESOURCE],
      },
    ),
    decl: z.meta(
      nonEmpty('resource').check(z.maxLength(2048, { error: 'resource must be at most 2048 characters' })),
      {
        description:
          'The audience URL. https://management.azure.com/ (with the slash, the web UI default) and https://management.azure.com are different audiences.',
        examples: [DEFAULT_RESOURCE],
      },
    ),
    edit: z.string(),
    toEdit: (s: IdentityAzureAuth) => s.resource,
    toDecl: (s: IdentityAzureAuth) => s.resource,
    fromDecl: (v: string) => v,
    serverMessage: { pattern: /resource|audience/i, rank: 5 },
    form: { value: 'resource', order: 1, inputType: 'url', ...text },
  }),
  allowedServicePrincipalIds: field({
    label: 'Allowed service principal IDs',
    help: 'Object IDs of the service principals that may log in. With none, any principal of the tenant may.',
    placeholder: GUID_EXAMPLE,
    section: 'azure',
    request: z.meta(
      orAsInFile(principalsText, principalsList, principalsFromList, {
        error:
          'allowedServicePrincipalIds must be a string of comma-separated ids, or a list of GUIDs as a workspace file writes it',
      }),
      {
        description:
          'The Azure AD service principal IDs allowed to authenticate with Infisical, comma-separated; a list as a workspace file writes it is accepted too. Empty = any service principal of the tenant.',
        default: '',
        examples: ['', `${GUID_EXAMPLE}, 11111111-1111-1111-1111-111111111111`, [GUID_EXAMPLE]],
      },
    ),
    decl: principalsList,
    edit: z.string(),
    toEdit: (s: IdentityAzureAuth) => normalizePrincipalIds(s.allowedServicePrincipalIds ?? ''),
    toDecl: (s: IdentityAzureAuth) => principalList(s.allowedServicePrincipalIds),
    fromDecl: principalsFromList,
    sameAsServer: (s: IdentityAzureAuth, v: string[]) =>
      samePrincipals(principalList(s.allowedServicePrincipalIds), v),
    serverMessage: { pattern: /service principal/i, rank: 3 },
    warning: principalCaseWarning,
    form: {
      value: 'principals',
      kind: 'list',
      order: 2,
      list: {
        itemLabel: 'Service principal ID',
        addLabel: 'Add Service Principal',
        emptyText: 'Any service principal of the tenant may log in.',
      },
      fromEdit: (v: string) => principalList(v),
      toEdit: (typed) => ({
        value: rows(typed)
          .map((p) => p.trim())
          .join(', '),
      }),
    },
  }),
  accessTokenTrustedIps: field({
    label: 'Access token trusted IPs',
    help: 'Addresses or CIDR blocks tokens may be used from. 0.0.0.0/0 and ::/0 allow any address.',
    placeholder: '0.0.0.0/0',
    section: 'tokens',
    request: z.meta(
      orAsInFile(trustedIpObjects, trustedIpTexts, trustedIpsFromTexts, {
        error:
          'accessTokenTrustedIps must be a list of { "ipAddress": "…" }, or of strings such as "10.0.0.0/8" as a workspace file writes it',
      }),
      {
        description:
          'The IPs or CIDR ranges that access tokens can be used from; a list of strings as a workspace file writes it ("10.0.0.0/8") is accepted too. Anything but 0.0.0.0/0 and ::/0 needs a paid Infisical plan.',
        default: DEFAULT_TRUSTED_IPS.map((ipAddress) => ({ ipAddress })),
        examples: [[{ ipAddress: '0.0.0.0/0' }, { ipAddress: '::/0' }], ['10.0.0.0/8']],
      },
    ),
    decl: trustedIpTexts,
    edit: z.array(z.object({ ipAddress: z.string() })),
    toEdit: (s: IdentityAzureAuth) =>
      (s.accessTokenTrustedIps ?? []).map((ip) => ({ ipAddress: formatTrustedIp(ip) })),
    toDecl: (s: IdentityAzureAuth) => (s.accessTokenTrustedIps ?? []).map(formatTrustedIp),
    fromDecl: trustedIpsFromTexts,
    sameAsServer: (s: IdentityAzureAuth, v: string[]) =>
      sameIpSet((s.accessTokenTrustedIps ?? []).map(formatTrustedIp), v),
    editEquals: (before, after) => ipTexts(before) === ipTexts(after),
    changeText: (v) => v.map((ip) => ip.ipAddress).join(', '),
    serverMessage: { pattern: /\bIP\b|CIDR|trusted|plan restriction/i, rank: 0 },
    form: {
      value: 'trustedIps',
      kind: 'list',
      order: 6,
      list: {
        itemLabel: 'Trusted IP',
        addLabel: 'Add IP or CIDR',
        emptyText: 'At least one entry is needed: add 0.0.0.0/0 and ::/0 to allow any address.',
      },
      fromEdit: (v: { ipAddress: string }[]) => v.map((ip) => ip.ipAddress),
      toEdit: (typed) => ({ value: rows(typed).map((ipAddress) => ({ ipAddress })) }),
    },
  }),
  accessTokenTTL: ttlField('accessTokenTTL', 'ttl'),
  accessTokenMaxTTL: ttlField('accessTokenMaxTTL', 'maxTtl'),
  accessTokenNumUsesLimit: field({
    label: 'Access token max number of uses',
    help: 'Leave blank (or 0) for unlimited uses.',
    placeholder: 'Unlimited',
    section: 'tokens',
    request: z.meta(intRange('accessTokenNumUsesLimit', 0), {
      description: 'The maximum number of times that an access token can be used (0 = unlimited).',
      default: 0,
      examples: [0, 10],
    }),
    decl: z.meta(intRange('accessTokenNumUsesLimit', 0), {
      description: 'How many times an access token can be used (0 = unlimited).',
    }),
    edit: z.number(),
    toEdit: (s: IdentityAzureAuth) => s.accessTokenNumUsesLimit,
    toDecl: (s: IdentityAzureAuth) => s.accessTokenNumUsesLimit,
    fromDecl: (v: number) => v,
    serverMessage: { pattern: /uses/i, rank: 6 },
    form: {
      value: 'numUses',
      kind: 'count',
      order: 5,
      inputType: 'number',
      fromEdit: (v: number) => (v === 0 ? '' : String(v)),
      toEdit: (typed) => ({ value: typedNumber(String(typed)) ?? 0 }),
    },
  }),
};

const ipTexts = (ips: readonly { ipAddress: string }[]) => ips.map((ip) => ip.ipAddress).join('\n');

export type AzureAuthField = keyof typeof AZURE_AUTH_FIELDS;
/** Every field, generically typed, for the loops that derive a surface from the table. */
export const azureAuthFields = Object.entries(AZURE_AUTH_FIELDS) as [
  AzureAuthField,
  AnyField<IdentityAzureAuth>,
][];

/** The TTL pair is sent together and checked against each other (a server quirk, kept explicit). */
export const TTL_PAIR: readonly AzureAuthField[] = ['accessTokenTTL', 'accessTokenMaxTTL'];

export const azureAuthRequestFields = partOf(AZURE_AUTH_FIELDS, 'request');
export const azureAuthDeclFields = partOf(AZURE_AUTH_FIELDS, 'decl');
export const azureAuthEditFields = partOf(AZURE_AUTH_FIELDS, 'edit');

/** The editable fields of an Azure Auth, in the table's order. */
export function toAzureAuthEditFields(server: IdentityAzureAuth): AzureAuthEdit {
  return Object.fromEntries(azureAuthFields.map(([k, f]) => [k, f.toEdit(server)])) as AzureAuthEdit;
}
export type AzureAuthEdit = { [K in AzureAuthField]: z.infer<(typeof azureAuthEditFields)[K]> };

/** The field a server sentence is about, trying the more specific patterns first. */
export function azureAuthFieldOfMessage(message: string): AzureAuthField | undefined {
  return azureAuthFields
    .filter(([, f]) => f.serverMessage)
    .sort(([, a], [, b]) => (a.serverMessage?.rank ?? 0) - (b.serverMessage?.rank ?? 0))
    .find(([, f]) => f.serverMessage?.pattern.test(message))?.[0];
}

/** The warnings of a field's value (each entry of a list on its own). */
export function azureAuthWarning(key: string, value: unknown): string | undefined {
  return (AZURE_AUTH_FIELDS as Record<string, AnyField<IdentityAzureAuth>>)[key]?.warning?.(value);
}

export type AzureAuthValues = FormValues<typeof AZURE_AUTH_FIELDS>;

export const GUID_WARNING_FIELDS = azureAuthFields.filter(([, f]) => f.warning).map(([k]) => k);
