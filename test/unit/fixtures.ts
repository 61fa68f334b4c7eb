import type { IdentityAzureAuth } from '../../src/core/schemas/azureAuth';

/** Ids and server records shared by the unit tests of core and forms. */
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT = '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c';
export const KEY_ID = '0b7a3f0e-6a51-4c55-8d0e-3f1a2b3c4d5e';

/** An identity's Azure Auth as the server returns it: TTLs of 30 days, two CIDR blocks. */
export const azureAuthFixture: IdentityAzureAuth = {
  id: 'a1',
  identityId: 'i1',
  tenantId: TENANT,
  resource: 'https://management.azure.com/',
  allowedServicePrincipalIds: `${CLIENT},${KEY_ID}`,
  accessTokenTTL: 2_592_000,
  accessTokenMaxTTL: 2_592_000,
  accessTokenNumUsesLimit: 0,
  accessTokenTrustedIps: [
    { ipAddress: '10.0.0.0', type: 'ipv4', prefix: 8 },
    { ipAddress: '2001:db8::', type: 'ipv6', prefix: 32 },
  ],
  updatedAt: '2026-11-01T10:00:00.000Z',
};
