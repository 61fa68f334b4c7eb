/**
 * Deterministic seed data: the demo organization "Contoso Platform" (plan 'pro'), a second
 * organization "Fabrikam Research" (plan 'free'), their projects, app connections, machine
 * identities, Azure Auth configurations and the demo credentials. Scale mode adds generated
 * identities and connections to the demo organization.
 */
import { createHash } from 'node:crypto';
import { encodeToken } from './tokens';
import type {
  AzureAuthRecord,
  ConnectionRecord,
  CredentialValue,
  DemoCredentials,
  IdentityRecord,
  IdentityRole,
  OrgRecord,
  ProjectRecord,
  RotationRecord,
  SandboxState,
  TokenRecord,
  TrustedIp,
} from './types';

// ---- Fixed demo values (named by tests and the README) --------------------------------------

const DEMO_ORG_ID = '3f8e2a51-7c4b-4d19-a6e2-8b5c0f1d9e47';
const SECOND_ORG_ID = 'a6d2f8c4-1e5b-4a73-9d86-2c4e6f8a0b1d';
const DEMO_IDENTITY_ID = '9b2d4f61-3a8c-4e57-b1d0-6c7e8f9a0b12';
const READONLY_IDENTITY_ID = 'c4a1e8f2-6b3d-4c9a-8e57-1d2f3b4c5a69';
const SECOND_IDENTITY_ID = '5e7a9c1b-3d5f-4b82-8a64-0c2e4f6a8b9d';
const DEMO_USER_ID = 'd8f0b2a4-6c8e-4d1f-93a5-7b9d1f3a5c7e';
const STATIC_TOKEN_ID = '1a3c5e7f-9b0d-4f2a-8c4e-6a8b0c2d4e6f';
const USER_TOKEN_ID = '6f8a0c2e-4b6d-4e8f-a0b2-c4d6e8f0a2b4';

/** Everything the README and tests can name (the site URL is added at start). */
export const DEMO = {
  orgId: DEMO_ORG_ID,
  orgName: 'Contoso Platform',
  orgSlug: 'contoso-platform',
  identityId: DEMO_IDENTITY_ID,
  clientId: 'e1c7a9b3-5d2f-4a86-9c14-7b3e2d1f0a58',
  clientSecret: '4f9c2e7a1b8d3f6e0a5c9b2d7e4f1a8c3b6d9e2f5a0c7b4e1d8f3a6c9b2e5d70',
  readOnly: {
    identityId: READONLY_IDENTITY_ID,
    clientId: '7d3f1b9e-2c6a-4e84-a5b7-9f0e1d2c3b4a',
    clientSecret: 'b81e5f3a9c7d2e0f4a6b8c1d3e5f7a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e1f',
  },
  second: {
    orgId: SECOND_ORG_ID,
    orgName: 'Fabrikam Research',
    orgSlug: 'fabrikam-research',
    identityId: SECOND_IDENTITY_ID,
    clientId: '2b4d6f8a-0c1e-4f35-b7d9-1a3c5e7f9b0d',
    clientSecret: '0e2c4a6f8b1d3e5a7c9f0b2d4e6a8c1f3b5d7e9a0c2f4b6d8e1a3c5f7b9d0e2a',
  },
  userId: DEMO_USER_ID,
  userEmail: 'demo.user@contoso.example',
} as const;

const SEED_EPOCH = Date.parse('2024-03-01T09:00:00.000Z');
const STATIC_TOKEN_ISSUED_AT = Date.parse('2024-06-01T00:00:00.000Z');

const staticTokenRecord = (): TokenRecord => ({
  id: STATIC_TOKEN_ID,
  kind: 'identity',
  identityId: DEMO_IDENTITY_ID,
  userId: null,
  orgId: DEMO_ORG_ID,
  authMethod: 'token-auth',
  createdAt: STATIC_TOKEN_ISSUED_AT,
  lastRenewedAt: null,
  ttl: 0,
  maxTtl: 0,
  revoked: false,
});

const userTokenRecord = (): TokenRecord => ({
  id: USER_TOKEN_ID,
  kind: 'user',
  identityId: null,
  userId: DEMO_USER_ID,
  orgId: DEMO_ORG_ID,
  authMethod: 'email',
  createdAt: STATIC_TOKEN_ISSUED_AT,
  lastRenewedAt: null,
  ttl: 0,
  maxTtl: 0,
  revoked: false,
});

export function demoCredentials(siteUrl: string): DemoCredentials {
  return {
    siteUrl,
    orgId: DEMO.orgId,
    orgName: DEMO.orgName,
    orgSlug: DEMO.orgSlug,
    clientId: DEMO.clientId,
    clientSecret: DEMO.clientSecret,
    staticToken: encodeToken(staticTokenRecord(), STATIC_TOKEN_ISSUED_AT),
    userToken: encodeToken(userTokenRecord(), STATIC_TOKEN_ISSUED_AT),
    readOnly: { clientId: DEMO.readOnly.clientId, clientSecret: DEMO.readOnly.clientSecret },
    second: {
      orgId: DEMO.second.orgId,
      orgName: DEMO.second.orgName,
      clientId: DEMO.second.clientId,
      clientSecret: DEMO.second.clientSecret,
    },
  };
}

// ---- Helpers --------------------------------------------------------------------------------

/** A stable RFC 4122 v4-shaped uuid derived from `label`. */
export function seedUuid(label: string): string {
  const h = createHash('sha256').update(`infisical-sandbox:${label}`).digest('hex');
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Seed timestamps: `hours` after the seed epoch, as ISO strings. */
const at = (hours: number): string => new Date(SEED_EPOCH + hours * 3600_000).toISOString();

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TENANT_EU = 'b3c5d7e9-1f2a-4b6c-8d0e-2f4a6c8e0b1d';
const FABRIKAM_TENANT = 'c9e1a3b5-7d9f-4e2a-b4c6-8e0a2c4e6f8a';
const SP = (n: number): string => seedUuid(`service-principal-${n}`);

const FAKE_CERT =
  '-----BEGIN CERTIFICATE-----\nMIIC+zCCAeOgAwIBAgIJAKandboxCertificateOnlyNotRealAAAA\n-----END CERTIFICATE-----';
const FAKE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASsandboxKeyOnly\n-----END PRIVATE KEY-----';

function fakeSecret(label: string): string {
  return `${createHash('sha256').update(label).digest('base64url').slice(0, 34)}~Q8`;
}

interface ConnectionSeed {
  orgId: string;
  projectId?: string | null;
  name: string;
  description?: string | null;
  app: string;
  method: string;
  credentials: Record<string, CredentialValue>;
  rotation?: Partial<RotationRecord> & Pick<RotationRecord, 'rotationInterval' | 'rotateAtUtc'>;
  isAutoRotationEnabled?: boolean;
  version?: number;
  hour: number;
}

function connection(seed: ConnectionSeed): ConnectionRecord {
  const id = seedUuid(`connection:${seed.orgId}:${seed.projectId ?? 'org'}:${seed.name}`);
  const autoRotation = seed.isAutoRotationEnabled ?? seed.rotation !== undefined;
  return {
    id,
    orgId: seed.orgId,
    projectId: seed.projectId ?? null,
    name: seed.name,
    description: seed.description ?? null,
    version: seed.version ?? 1,
    app: seed.app,
    method: seed.method,
    credentials: seed.credentials,
    isPlatformManagedCredentials: false,
    gatewayId: null,
    isAutoRotationEnabled: autoRotation,
    rotation: seed.rotation
      ? {
          rotationStatus: 'success',
          lastRotationMessage: null,
          lastRotatedAt: at(seed.hour + 24),
          nextRotationAt: autoRotation ? at(seed.hour + 24 + seed.rotation.rotationInterval * 24) : null,
          ...seed.rotation,
        }
      : null,
    createdAt: at(seed.hour),
    updatedAt: at(seed.hour + 24),
  };
}

const clientSecretCreds = (
  label: string,
  keyId?: string,
  tenantId = TENANT,
): Record<string, CredentialValue> => ({
  clientId: seedUuid(`app-registration:${label}`),
  clientSecret: fakeSecret(label),
  tenantId,
  ...(keyId ? { clientSecretKeyId: keyId } : {}),
});

const oauthCreds = (label: string, tenantId = TENANT): Record<string, CredentialValue> => ({
  tenantId,
  accessToken: `sandbox-access-${fakeSecret(label)}`,
  refreshToken: `sandbox-refresh-${fakeSecret(`${label}-refresh`)}`,
  expiresAt: SEED_EPOCH + 3600_000,
});

const certificateCreds = (label: string, tenantId = TENANT): Record<string, CredentialValue> => ({
  tenantId,
  clientId: seedUuid(`app-registration:${label}`),
  certificateBody: FAKE_CERT,
  privateKey: FAKE_KEY,
});

const rotation = (rotationInterval: number, hours: number, minutes: number) => ({
  rotationInterval,
  rotateAtUtc: { hours, minutes },
});

// ---- Organizations and projects -------------------------------------------------------------

function orgs(): OrgRecord[] {
  return [
    {
      id: DEMO.orgId,
      name: DEMO.orgName,
      slug: DEMO.orgSlug,
      plan: 'pro',
      createdAt: at(-720),
      updatedAt: at(-24),
    },
    {
      id: DEMO.second.orgId,
      name: DEMO.second.orgName,
      slug: DEMO.second.orgSlug,
      plan: 'free',
      createdAt: at(-700),
      updatedAt: at(-20),
    },
  ];
}

const PROJECTS = {
  payments: { id: seedUuid('project:payments-api'), name: 'Payments API', slug: 'payments-api' },
  data: {
    id: seedUuid('project:data-platform'),
    name: 'Plateforme Données – Europe',
    slug: 'data-platform-eu',
  },
  gateway: { id: seedUuid('project:identity-gateway'), name: 'Identity Gateway', slug: 'identity-gateway' },
  lab: { id: seedUuid('project:fabrikam-lab'), name: 'Lab Secrets', slug: 'lab-secrets' },
  edge: { id: seedUuid('project:edge-certificates'), name: 'Edge Certificates', slug: 'edge-certificates' },
  empty: { id: seedUuid('project:archive'), name: 'Archive', slug: 'archive' },
} as const;

function projects(): ProjectRecord[] {
  const { payments, data, gateway, lab, edge, empty } = PROJECTS;
  return [
    { ...payments, orgId: DEMO.orgId, type: 'secret-manager', description: 'Card payments and payouts.' },
    { ...data, orgId: DEMO.orgId, type: 'secret-manager', description: null },
    { ...gateway, orgId: DEMO.orgId, type: 'secret-manager', description: null },
    // Connections live in projects of any type, not only secret managers.
    { ...edge, orgId: DEMO.orgId, type: 'cert-manager', description: 'TLS certificates of the edge.' },
    // A project without connections.
    { ...empty, orgId: DEMO.orgId, type: 'secret-manager', description: null },
    { ...lab, orgId: DEMO.second.orgId, type: 'secret-manager', description: null },
  ];
}

// ---- App connections ------------------------------------------------------------------------

const ACS = 'azure-client-secrets';

function connections(): ConnectionRecord[] {
  const org = DEMO.orgId;
  const { payments, data, gateway, lab, edge } = PROJECTS;
  const seeds: ConnectionSeed[] = [
    // Azure Client Secrets, organization level.
    {
      orgId: org,
      name: 'prod-entra-graph',
      description: 'Rotates the Graph API client secret used by production workloads.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('prod-entra-graph', seedUuid('key:prod-entra-graph')),
      rotation: rotation(30, 2, 0),
      version: 7,
      hour: 1,
    },
    {
      orgId: org,
      name: 'staging-entra-graph',
      description: 'Staging twin of prod-entra-graph; its last rotation failed.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('staging-entra-graph', seedUuid('key:staging-entra-graph')),
      rotation: {
        ...rotation(14, 3, 30),
        rotationStatus: 'failed',
        lastRotationMessage:
          'Failed to rotate client secret: Insufficient privileges to complete the operation. (Authorization_RequestDenied)',
      },
      version: 4,
      hour: 2,
    },
    {
      orgId: org,
      name: 'rotation-paused',
      description: 'Rotation schedule kept, automatic rotation switched off.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('rotation-paused', seedUuid('key:rotation-paused')),
      rotation: rotation(90, 22, 15),
      isAutoRotationEnabled: false,
      hour: 3,
    },
    {
      orgId: org,
      name: 'legacy-sp-secret',
      description: null,
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('legacy-sp-secret'),
      hour: 4,
    },
    {
      orgId: org,
      name: 'contoso-oauth-admin',
      description: 'Authorized by an admin through the Infisical web UI.',
      app: ACS,
      method: 'oauth',
      credentials: oauthCreds('contoso-oauth-admin'),
      hour: 5,
    },
    {
      orgId: org,
      name: 'cert-automation',
      description: 'Certificate-based app registration for automation.',
      app: ACS,
      method: 'certificate',
      credentials: certificateCreds('cert-automation'),
      hour: 6,
    },
    {
      orgId: org,
      name: 'xss-test-connection',
      description: '<img src=x onerror=alert(1)>',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('xss-test-connection'),
      hour: 7,
    },
    {
      orgId: org,
      name: 'unicode-description',
      description: "Connexion à l'annuaire — 東京チーム 🚀 (Ünïcødé)",
      app: ACS,
      method: 'oauth',
      credentials: oauthCreds('unicode-description', TENANT_EU),
      hour: 8,
    },
    {
      orgId: org,
      name: 'long-description',
      description: `${'Long description for layout tests. '.repeat(8)}`.slice(0, 255), // the most Infisical's varchar(255) holds
      app: ACS,
      method: 'certificate',
      credentials: certificateCreds('long-description', TENANT_EU),
      hour: 9,
    },
    {
      orgId: org,
      name: 'a',
      description: 'Shortest possible name.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('a'),
      hour: 10,
    },
    {
      orgId: org,
      name: 'this-connection-name-is-exactly-sixty-four-characters-long-abcde',
      description: 'Longest possible name (64 characters).',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('longest-name'),
      hour: 11,
    },
    // Azure Client Secrets, project level.
    {
      orgId: org,
      projectId: payments.id,
      name: 'payments-entra',
      description: 'Payments API app registration.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('payments-entra', seedUuid('key:payments-entra')),
      rotation: rotation(60, 4, 45),
      hour: 12,
    },
    {
      orgId: org,
      projectId: payments.id,
      name: 'payments-oauth',
      app: ACS,
      method: 'oauth',
      credentials: oauthCreds('payments-oauth'),
      hour: 13,
    },
    {
      orgId: org,
      projectId: payments.id,
      name: 'payments-cert',
      app: ACS,
      method: 'certificate',
      credentials: certificateCreds('payments-cert'),
      hour: 14,
    },
    {
      orgId: org,
      projectId: data.id,
      name: 'data-platform-entra',
      description: 'Données — accès lecture seule.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('data-platform-entra', undefined, TENANT_EU),
      hour: 15,
    },
    {
      orgId: org,
      projectId: data.id,
      name: 'data-platform-oauth',
      app: ACS,
      method: 'oauth',
      credentials: oauthCreds('data-platform-oauth', TENANT_EU),
      hour: 16,
    },
    {
      orgId: org,
      projectId: data.id,
      name: 'prod-entra-graph',
      description: 'Same name as the organization-level connection, different scope.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('data-prod-entra-graph', undefined, TENANT_EU),
      hour: 17,
    },
    {
      orgId: org,
      projectId: gateway.id,
      name: 'gateway-entra',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('gateway-entra', seedUuid('key:gateway-entra')),
      rotation: rotation(7, 0, 0),
      hour: 18,
    },
    // Other apps.
    {
      orgId: org,
      name: 'aws-prod-assume-role',
      app: 'aws',
      method: 'assume-role',
      credentials: { roleArn: 'arn:aws:iam::123456789012:role/InfisicalSync' },
      hour: 19,
    },
    {
      orgId: org,
      name: 'aws-legacy-keys',
      app: 'aws',
      method: 'access-key',
      credentials: { accessKeyId: 'AKIASANDBOXEXAMPLE01', secretAccessKey: fakeSecret('aws-legacy-keys') },
      hour: 20,
    },
    {
      orgId: org,
      name: 'github-contoso',
      app: 'github',
      method: 'github-app',
      credentials: { installationId: '41234567' },
      hour: 21,
    },
    {
      orgId: org,
      name: 'github-oauth',
      app: 'github',
      method: 'oauth',
      credentials: { accessToken: `gho_${fakeSecret('github-oauth')}` },
      hour: 22,
    },
    {
      orgId: org,
      name: 'gcp-shared-services',
      app: 'gcp',
      method: 'service-account-impersonation',
      credentials: { serviceAccountEmail: 'infisical-sync@contoso-shared.iam.gserviceaccount.com' },
      hour: 23,
    },
    {
      orgId: org,
      name: 'kv-prod-westeurope',
      app: 'azure-key-vault',
      method: 'client-secret',
      credentials: clientSecretCreds('kv-prod-westeurope'),
      hour: 24,
    },
    {
      orgId: org,
      name: 'kv-oauth',
      app: 'azure-key-vault',
      method: 'oauth',
      credentials: oauthCreds('kv-oauth'),
      hour: 25,
    },
    {
      orgId: org,
      name: 'appconfig-prod',
      app: 'azure-app-configuration',
      method: 'oauth',
      credentials: oauthCreds('appconfig-prod'),
      hour: 26,
    },
    {
      orgId: org,
      name: 'databricks-analytics',
      app: 'databricks',
      method: 'service-principal',
      credentials: {
        workspaceUrl: 'https://adb-1234567890123456.7.azuredatabricks.net',
        clientId: seedUuid('databricks-sp'),
        clientSecret: fakeSecret('databricks-analytics'),
      },
      hour: 27,
    },
    {
      orgId: org,
      name: 'postgres-billing',
      app: 'postgres',
      method: 'username-and-password',
      credentials: {
        host: 'billing-db.internal.contoso.example',
        port: 5432,
        database: 'billing',
        username: 'infisical_rotator',
        password: fakeSecret('postgres-billing'),
        sslEnabled: true,
      },
      hour: 28,
    },
    {
      orgId: org,
      name: 'vault-eu',
      app: 'hashicorp-vault',
      method: 'app-role',
      credentials: {
        instanceUrl: 'https://vault.eu.contoso.example',
        roleId: seedUuid('vault-role'),
        secretId: fakeSecret('vault-eu'),
      },
      hour: 29,
    },
    {
      orgId: org,
      name: 'azure-devops-contoso',
      app: 'azure-devops',
      method: 'access-token',
      credentials: { orgName: 'contoso', accessToken: fakeSecret('azure-devops-contoso') },
      hour: 30,
    },
    {
      orgId: org,
      projectId: payments.id,
      name: 'payments-aws',
      app: 'aws',
      method: 'assume-role',
      credentials: { roleArn: 'arn:aws:iam::123456789012:role/PaymentsSync' },
      hour: 31,
    },
    {
      orgId: org,
      projectId: edge.id,
      name: 'edge-acme-entra',
      description: 'Certificate issuance for the edge (a cert-manager project).',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('edge-acme-entra', seedUuid('key:edge-acme-entra')),
      rotation: rotation(90, 3, 30),
      hour: 32,
    },
    // Second organization.
    ...secondOrgConnections(lab.id),
  ];
  return seeds.map(connection);
}

function secondOrgConnections(labProjectId: string): ConnectionSeed[] {
  const org = DEMO.second.orgId;
  return [
    {
      orgId: org,
      name: 'fabrikam-entra',
      description: 'Fabrikam research tenant.',
      app: ACS,
      method: 'client-secret',
      credentials: clientSecretCreds('fabrikam-entra', seedUuid('key:fabrikam-entra'), FABRIKAM_TENANT),
      rotation: rotation(30, 6, 0),
      hour: 40,
    },
    {
      orgId: org,
      name: 'fabrikam-oauth',
      app: ACS,
      method: 'oauth',
      credentials: oauthCreds('fabrikam-oauth', FABRIKAM_TENANT),
      hour: 41,
    },
    {
      orgId: org,
      projectId: labProjectId,
      name: 'fabrikam-lab-cert',
      app: ACS,
      method: 'certificate',
      credentials: certificateCreds('fabrikam-lab-cert', FABRIKAM_TENANT),
      hour: 42,
    },
    {
      orgId: org,
      name: 'fabrikam-github',
      app: 'github',
      method: 'github-app',
      credentials: { installationId: '98765432' },
      hour: 43,
    },
  ];
}

// ---- Machine identities and Azure Auth ------------------------------------------------------

interface AzureAuthSeed {
  tenantId?: string;
  resource?: string;
  allowedServicePrincipalIds?: string;
  accessTokenTTL?: number;
  accessTokenMaxTTL?: number;
  accessTokenNumUsesLimit?: number;
  accessTokenTrustedIps?: TrustedIp[];
}

interface IdentitySeed {
  id?: string;
  name: string;
  authMethods: string[];
  role?: IdentityRole;
  hasDeleteProtection?: boolean;
  azure?: AzureAuthSeed;
}

const ANY_IP: TrustedIp[] = [
  { ipAddress: '0.0.0.0', type: 'ipv4', prefix: 0 },
  { ipAddress: '::', type: 'ipv6', prefix: 0 },
];

const UA = 'universal-auth';
const AZ = 'azure-auth';

const DEMO_IDENTITIES: IdentitySeed[] = [
  {
    id: DEMO.identityId,
    name: 'vscode-extension',
    authMethods: [UA, 'token-auth'],
    hasDeleteProtection: true,
  },
  { id: DEMO.readOnly.identityId, name: 'vscode-readonly', authMethods: [UA], role: 'viewer' },
  {
    name: 'aks-prod-workload',
    authMethods: [AZ, 'kubernetes-auth'],
    hasDeleteProtection: true,
    azure: {
      allowedServicePrincipalIds: `${SP(1)}, ${SP(2)}`,
      accessTokenTTL: 3600,
      accessTokenMaxTTL: 86400,
      accessTokenTrustedIps: [
        { ipAddress: '10.0.0.0', type: 'ipv4', prefix: 8 },
        { ipAddress: '192.168.1.10', type: 'ipv4' },
        { ipAddress: '2001:db8::', type: 'ipv6', prefix: 32 },
      ],
    },
  },
  { name: 'functions-billing', authMethods: [AZ], azure: {} },
  {
    name: 'vm-scale-set-runner',
    authMethods: [AZ, UA],
    azure: {
      accessTokenTTL: 7200,
      accessTokenMaxTTL: 0,
      accessTokenNumUsesLimit: 10,
      accessTokenTrustedIps: [{ ipAddress: '20.50.0.0', type: 'ipv4', prefix: 16 }],
    },
  },
  {
    name: 'logic-apps-integration',
    authMethods: [AZ],
    azure: {
      resource: 'https://vault.azure.net',
      allowedServicePrincipalIds: SP(3),
      accessTokenTTL: 900,
      accessTokenMaxTTL: 3600,
      accessTokenTrustedIps: [{ ipAddress: '::1', type: 'ipv6' }],
    },
  },
  {
    name: 'container-apps-api',
    authMethods: [AZ, 'oidc-auth'],
    azure: {
      tenantId: TENANT_EU,
      accessTokenTTL: 2592000,
      accessTokenMaxTTL: 7776000,
      accessTokenTrustedIps: [
        { ipAddress: 'fe80::', type: 'ipv6', prefix: 10 },
        { ipAddress: '0.0.0.0', type: 'ipv4', prefix: 0 },
      ],
    },
  },
  {
    name: 'devops-pipeline',
    authMethods: [AZ, UA],
    azure: { accessTokenTTL: 600, accessTokenMaxTTL: 600, resource: 'https://management.core.windows.net/' },
  },
  {
    name: 'déploiement-prod',
    authMethods: [AZ],
    azure: {
      tenantId: TENANT_EU,
      accessTokenTTL: 1800,
      accessTokenMaxTTL: 3600,
      accessTokenTrustedIps: [{ ipAddress: '172.16.0.0', type: 'ipv4', prefix: 12 }],
    },
  },
  {
    name: 'data-factory-etl',
    authMethods: [AZ, 'aws-auth'],
    azure: {
      allowedServicePrincipalIds: `${SP(4)}, ${SP(5)}, ${SP(6)}`,
      accessTokenTTL: 86400,
      accessTokenMaxTTL: 2592000,
    },
  },
  { name: '東京-batch-runner', authMethods: [UA, 'kubernetes-auth'] },
  { name: '<img src=x onerror=alert(2)>', authMethods: [UA] },
  { name: 'Ünïcode Ops 🚀', authMethods: ['oidc-auth'] },
  { name: 'future-proof-bot', authMethods: [UA, 'quantum-auth'] },
  { name: 'no-auth-yet', authMethods: [] },
];

const FILLER_NAMES = [
  'api-gateway',
  'argo-cd',
  'backup-agent',
  'billing-worker',
  'build-agent-linux',
  'build-agent-windows',
  'cert-manager',
  'ci-github-actions',
  'cron-scheduler',
  'data-sync',
  'edge-proxy',
  'etl-nightly',
  'feature-flags',
  'gitlab-runner',
  'grafana-reader',
  'helm-deployer',
  'identity-sync',
  'ingest-pipeline',
  'jenkins-legacy',
  'k8s-external-secrets',
  'ldap-bridge',
  'mobile-backend',
  'monitoring-agent',
  'notifications-service',
  'observability-collector',
  'payments-processor',
  'reporting-service',
  'search-indexer',
  'terraform-cloud',
  'terraform-local',
  'vault-migrator',
  'web-frontend',
  'webhook-relay',
  'zz-decommissioned',
  'Zeta Uppercase Service',
];

const FILLER_METHODS: string[][] = [
  [UA],
  ['aws-auth'],
  ['kubernetes-auth'],
  ['gcp-auth', UA],
  ['oidc-auth'],
  ['jwt-auth'],
  ['token-auth'],
  ['ldap-auth'],
  ['tls-cert-auth', UA],
  ['oci-auth'],
  ['alicloud-auth'],
  ['spiffe-auth'],
];

const SECOND_IDENTITIES: IdentitySeed[] = [
  { id: DEMO.second.identityId, name: 'fabrikam-vscode', authMethods: [UA] },
  { name: 'fabrikam-ci', authMethods: [UA, 'oidc-auth'] },
  { name: 'fabrikam-analytics', authMethods: ['gcp-auth'] },
  { name: 'fabrikam-azure-runner', authMethods: [AZ], azure: { tenantId: FABRIKAM_TENANT } },
];

function identityRecord(orgId: string, seed: IdentitySeed, index: number): IdentityRecord {
  const id = seed.id ?? seedUuid(`identity:${orgId}:${seed.name}`);
  return {
    id,
    orgId,
    name: seed.name,
    authMethods: [...seed.authMethods],
    hasDeleteProtection: seed.hasDeleteProtection ?? false,
    role: seed.role ?? (index % 7 === 3 ? 'member' : 'admin'),
    membershipId: seedUuid(`membership:${id}`),
    lastLoginAuthMethod: null,
    lastLoginTime: null,
    createdAt: at(100 + index),
    updatedAt: at(200 + index),
  };
}

function azureAuthRecord(identity: IdentityRecord, seed: AzureAuthSeed, index: number): AzureAuthRecord {
  return {
    id: seedUuid(`azure-auth:${identity.id}`),
    identityId: identity.id,
    tenantId: seed.tenantId ?? TENANT,
    resource: seed.resource ?? 'https://management.azure.com/',
    allowedServicePrincipalIds: seed.allowedServicePrincipalIds ?? '',
    accessTokenTTL: seed.accessTokenTTL ?? 2592000,
    accessTokenMaxTTL: seed.accessTokenMaxTTL ?? 2592000,
    accessTokenNumUsesLimit: seed.accessTokenNumUsesLimit ?? 0,
    accessTokenTrustedIps: seed.accessTokenTrustedIps ?? ANY_IP.map((ip) => ({ ...ip })),
    accessTokenPeriod: 0,
    createdAt: at(300 + index),
    updatedAt: at(400 + index),
  };
}

function identitiesOf(
  orgId: string,
  seeds: IdentitySeed[],
): { identities: IdentityRecord[]; azure: AzureAuthRecord[] } {
  const identities: IdentityRecord[] = [];
  const azure: AzureAuthRecord[] = [];
  seeds.forEach((seed, index) => {
    const identity = identityRecord(orgId, seed, index);
    identities.push(identity);
    if (seed.azure) azure.push(azureAuthRecord(identity, seed.azure, index));
  });
  return { identities, azure };
}

function demoIdentitySeeds(): IdentitySeed[] {
  const fillers = FILLER_NAMES.map(
    (name, i): IdentitySeed => ({
      name,
      authMethods: FILLER_METHODS[i % FILLER_METHODS.length] ?? [UA],
      hasDeleteProtection: i % 9 === 0,
      role: i % 11 === 5 ? 'no-access' : undefined,
    }),
  );
  return [...DEMO_IDENTITIES, ...fillers];
}

// ---- Scale mode -----------------------------------------------------------------------------

const SCALE_APPS: [string, string][] = [
  [ACS, 'client-secret'],
  [ACS, 'oauth'],
  [ACS, 'certificate'],
  ['aws', 'assume-role'],
  ['github', 'github-app'],
  ['azure-key-vault', 'client-secret'],
];

/** A counter-based v4-shaped uuid: cheap for 10,000s of items and still deterministic. */
const scaleUuid = (kind: number, n: number): string =>
  `5ca1e${kind.toString(16).padStart(3, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function addScale(state: SandboxState, scale: { identities: number; connections: number }): void {
  const orgId = DEMO.orgId;
  const projectId = PROJECTS.payments.id;
  for (let n = 1; n <= scale.identities; n++) {
    const id = scaleUuid(1, n);
    const withAzure = n % 10 === 0;
    state.identities.push({
      id,
      orgId,
      name: `scale-identity-${String(n).padStart(5, '0')}`,
      authMethods: withAzure ? [UA, AZ] : [UA],
      hasDeleteProtection: false,
      role: 'member',
      membershipId: scaleUuid(2, n),
      lastLoginAuthMethod: null,
      lastLoginTime: null,
      createdAt: at(1000),
      updatedAt: at(1000),
    });
    if (withAzure) {
      state.azureAuths.push({
        id: scaleUuid(3, n),
        identityId: id,
        tenantId: TENANT,
        resource: 'https://management.azure.com/',
        allowedServicePrincipalIds: '',
        accessTokenTTL: 3600,
        accessTokenMaxTTL: 86400,
        accessTokenNumUsesLimit: 0,
        accessTokenTrustedIps: ANY_IP.map((ip) => ({ ...ip })),
        accessTokenPeriod: 0,
        createdAt: at(1000),
        updatedAt: at(1000),
      });
    }
  }
  for (let n = 1; n <= scale.connections; n++) {
    const [app, method] = SCALE_APPS[n % SCALE_APPS.length] ?? [ACS, 'client-secret'];
    const credentials: Record<string, CredentialValue> =
      method === 'client-secret'
        ? { clientId: scaleUuid(5, n), clientSecret: `scale-secret-${n}`, tenantId: TENANT }
        : method === 'oauth'
          ? {
              tenantId: TENANT,
              accessToken: `scale-access-${n}`,
              refreshToken: `scale-refresh-${n}`,
              expiresAt: 0,
            }
          : method === 'certificate'
            ? {
                tenantId: TENANT,
                clientId: scaleUuid(5, n),
                certificateBody: FAKE_CERT,
                privateKey: FAKE_KEY,
              }
            : { roleArn: `arn:aws:iam::123456789012:role/scale-${n}` };
    state.connections.push({
      id: scaleUuid(4, n),
      orgId,
      projectId: n % 4 === 0 ? projectId : null,
      name: `scale-connection-${String(n).padStart(5, '0')}`,
      description: null,
      version: 1,
      app,
      method,
      credentials,
      isPlatformManagedCredentials: false,
      gatewayId: null,
      isAutoRotationEnabled: false,
      rotation: null,
      createdAt: at(1000),
      updatedAt: at(1000),
    });
  }
}

// ---- The seed -------------------------------------------------------------------------------

export function seedState(scale?: { identities: number; connections: number }): SandboxState {
  const demo = identitiesOf(DEMO.orgId, demoIdentitySeeds());
  const second = identitiesOf(DEMO.second.orgId, SECOND_IDENTITIES);
  const identities = [...demo.identities, ...second.identities];
  const azureAuths = [...demo.azure, ...second.azure];
  const aks = identities.find((i) => i.name === 'aks-prod-workload');
  const state: SandboxState = {
    orgs: orgs(),
    projects: projects(),
    connections: connections(),
    identities,
    azureAuths,
    universalAuthClients: [
      { identityId: DEMO.identityId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret },
      {
        identityId: DEMO.readOnly.identityId,
        clientId: DEMO.readOnly.clientId,
        clientSecret: DEMO.readOnly.clientSecret,
      },
      {
        identityId: DEMO.second.identityId,
        clientId: DEMO.second.clientId,
        clientSecret: DEMO.second.clientSecret,
      },
    ],
    users: [{ id: DEMO.userId, email: DEMO.userEmail, orgIds: [DEMO.orgId, DEMO.second.orgId] }],
    tokens: [
      staticTokenRecord(),
      userTokenRecord(),
      // Tokens issued through Azure Auth (revoking Azure Auth revokes them).
      ...[1, 2].map(
        (n): TokenRecord => ({
          id: seedUuid(`azure-token-${n}`),
          kind: 'identity',
          identityId: aks?.id ?? null,
          userId: null,
          orgId: DEMO.orgId,
          authMethod: 'azure-auth',
          createdAt: SEED_EPOCH,
          lastRenewedAt: null,
          ttl: 3600,
          maxTtl: 86400,
          revoked: false,
        }),
      ),
    ],
  };
  if (scale) addScale(state, scale);
  return state;
}
