import assert from 'node:assert/strict';
import fc from 'fast-check';
import { azureAuthDeclSchema, connectionDeclSchema } from '../../src/core/config';
import { diffAzureAuth, diffConnection } from '../../src/core/config/plan';
import { type AppConnection, appConnectionSchema } from '../../src/core/schemas/appConnection';
import type { IdentityAzureAuth } from '../../src/core/schemas/azureAuth';

/**
 * The file and the server write the same values differently (IPs, principals, durations,
 * rotation times): equivalent writings plan nothing; different values plan exactly those fields.
 */

const SEED = 13;
const RUNS = 300;

// ── Values, and the ways a person writes each one ──

const hex = (n: number) => n.toString(16);

/** An IPv6 address as 8 groups, zero runs likely (so compression happens). */
const ipv6Groups = fc.array(
  fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff })),
  {
    minLength: 8,
    maxLength: 8,
  },
);

/** Writings of one IPv6 address: full, without leading zeros, compressed, IPv4 tail; any case. */
function ipv6Writings(g: number[]): string[] {
  const short = g.map(hex).join(':');
  const full = g.map((x) => hex(x).padStart(4, '0')).join(':');
  const compressed = new URL(`http://[${short}]/`).hostname.slice(1, -1);
  const [g6 = 0, g7 = 0] = g.slice(6);
  const v4tail = `${g.slice(0, 6).map(hex).join(':')}:${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`;
  return [short, full, compressed, v4tail].flatMap((w) => [w, w.toUpperCase()]);
}

interface IpValue {
  type: 'ipv4' | 'ipv6';
  /** Every writing of the address. */
  writings: string[];
  /** undefined: a single address. */
  prefix?: number;
}

const ipv4 = fc
  .tuple(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 31 }), { nil: undefined }))
  .map(([a, prefix]): IpValue => ({ type: 'ipv4', writings: [a], prefix }));
const ipv6 = fc
  .tuple(ipv6Groups, fc.option(fc.integer({ min: 0, max: 127 }), { nil: undefined }))
  .map(([g, prefix]): IpValue => ({ type: 'ipv6', writings: ipv6Writings(g), prefix }));
const ipValue = fc.oneof(ipv4, ipv6);

/** A writing of an IP value as the file has it: a host with or without its full-length prefix. */
const writeIp = (ip: IpValue, pick: number, fullPrefix: boolean) => {
  const address = ip.writings[pick % ip.writings.length] as string;
  if (ip.prefix !== undefined) return `${address}/${ip.prefix}`;
  return fullPrefix ? `${address}/${ip.type === 'ipv4' ? 32 : 128}` : address;
};

/** Writings of a number of seconds: the number, its text, and every duration that equals it. */
function durationWritings(seconds: number): (string | number)[] {
  const out: (string | number)[] = [seconds, String(seconds), `${seconds}s`];
  if (seconds === 0) return [...out, '0d', '0h 0m'];
  for (const [unit, size] of [
    ['m', 60],
    ['h', 3600],
    ['d', 86400],
  ] as const)
    if (seconds % size === 0)
      out.push(`${seconds / size}${unit}`, ` ${seconds / size} ${unit.toUpperCase()} `);
  if (seconds > 86400 && seconds % 3600 === 0) {
    const days = Math.floor(seconds / 86400);
    out.push(`${days}d ${(seconds - days * 86400) / 3600}h`, `${days}d${(seconds - days * 86400) / 60}m`);
  }
  return out;
}

const TTLS = [60, 600, 3600, 5400, 86400, 90000, 2_592_000];
/** A TTL pair the server can hold: TTL ≤ Max TTL, or Max TTL 0 (no maximum). */
const ttlPair = fc
  .tuple(fc.constantFrom(0, ...TTLS), fc.constantFrom(...TTLS))
  .map(([max, ttl]) => (max === 0 ? { ttl, max } : { ttl: Math.min(ttl, max), max }));

const RESOURCES = [
  'https://management.azure.com/',
  'https://management.azure.com',
  'https://vault.azure.net',
];

const serverAzureAuth = fc
  .record({
    tenantId: fc.uuid(),
    resource: fc.constantFrom(...RESOURCES),
    principals: fc.uniqueArray(fc.uuid(), { maxLength: 3, selector: (id) => id.toLowerCase() }),
    separator: fc.constantFrom(', ', ',', ' , '),
    ips: fc.uniqueArray(ipValue, {
      minLength: 1,
      maxLength: 4,
      selector: (ip) => `${ip.writings[0]}/${ip.prefix}`,
    }),
    storedPick: fc.nat(),
    ttls: ttlPair,
    uses: fc.constantFrom(0, 1, 10, 1000),
  })
  .map((s) => {
    const server: IdentityAzureAuth = {
      id: 'azure-auth-1',
      identityId: 'identity-1',
      tenantId: s.tenantId,
      resource: s.resource,
      allowedServicePrincipalIds: s.principals.join(s.separator),
      accessTokenTTL: s.ttls.ttl,
      accessTokenMaxTTL: s.ttls.max,
      accessTokenNumUsesLimit: s.uses,
      accessTokenTrustedIps: s.ips.map((ip) => {
        const ipAddress = ip.writings[s.storedPick % ip.writings.length] as string;
        return ip.prefix === undefined
          ? { ipAddress, type: ip.type }
          : { ipAddress, type: ip.type, prefix: ip.prefix };
      }),
      updatedAt: '2026-11-01T10:00:00.000Z',
    };
    return { server, values: s };
  });

type ServerCase = fc.Arbitrary<ReturnType<typeof serverAzureAuth.generate>['value']>;

/** An equivalent file writing of every field of the server's state. */
const equivalentDecl = (state: ServerCase extends fc.Arbitrary<infer T> ? T : never) =>
  fc
    .record({
      ipOrder: fc.shuffledSubarray(
        state.values.ips.map((_, i) => i),
        { minLength: state.values.ips.length, maxLength: state.values.ips.length },
      ),
      ipPicks: fc.array(fc.tuple(fc.nat(), fc.boolean()), {
        minLength: state.values.ips.length,
        maxLength: state.values.ips.length,
      }),
      principalOrder: fc.shuffledSubarray(
        state.values.principals.map((_, i) => i),
        { minLength: state.values.principals.length, maxLength: state.values.principals.length },
      ),
      principalCase: fc.array(fc.constantFrom('lower', 'upper', 'padded'), {
        minLength: state.values.principals.length,
        maxLength: state.values.principals.length,
      }),
      ttl: fc.constantFrom(...durationWritings(state.server.accessTokenTTL)),
      max: fc.constantFrom(...durationWritings(state.server.accessTokenMaxTTL)),
      tenantPadded: fc.boolean(),
      /** Which fields the file manages (absent = unmanaged). */
      managed: fc.subarray(
        [
          'tenantId',
          'resource',
          'allowedServicePrincipalIds',
          'accessTokenTrustedIps',
          'ttl',
          'accessTokenNumUsesLimit',
        ] as const,
        { minLength: 0 },
      ),
    })
    .map((w) => {
      const principal = (id: string, how: string) =>
        how === 'upper' ? id.toUpperCase() : how === 'padded' ? `  ${id}\t` : id.toLowerCase();
      const text: Record<string, unknown> = {
        tenantId: w.tenantPadded ? ` ${state.server.tenantId} ` : state.server.tenantId,
        resource: state.server.resource,
        allowedServicePrincipalIds: w.principalOrder.map((i) =>
          principal(state.values.principals[i] as string, w.principalCase[i] as string),
        ),
        accessTokenTrustedIps: w.ipOrder.map((i) => {
          const [pick, full] = w.ipPicks[i] as [number, boolean];
          return writeIp(state.values.ips[i] as IpValue, pick, full);
        }),
        accessTokenTTL: w.ttl,
        accessTokenMaxTTL: w.max,
        accessTokenNumUsesLimit: state.server.accessTokenNumUsesLimit,
      };
      const kept: Record<string, unknown> = {};
      for (const field of w.managed)
        if (field === 'ttl') {
          kept.accessTokenTTL = text.accessTokenTTL;
          kept.accessTokenMaxTTL = text.accessTokenMaxTTL;
        } else kept[field] = text[field];
      return kept;
    });

const parseDecl = (text: Record<string, unknown>) => {
  const parsed = azureAuthDeclSchema.safeParse(text);
  assert.ok(parsed.success, `${JSON.stringify(text)}: ${JSON.stringify(parsed.error?.issues)}`);
  return parsed.data;
};

describe('properties of the file ↔ server equivalences', function () {
  this.timeout(60_000);

  describe('diffAzureAuth', () => {
    it('plans nothing for any equivalent writing of the server’s values', () => {
      fc.assert(
        fc.property(
          serverAzureAuth.chain((state) => fc.tuple(fc.constant(state), equivalentDecl(state))),
          ([state, text]) => {
            const result = diffAzureAuth(state.server, parseDecl(text));
            assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
            assert.deepEqual(result.body, {}, JSON.stringify({ server: state.server, text }));
            assert.deepEqual(result.changes, []);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('plans exactly the fields whose values differ, TTL and Max TTL always together', () => {
      const FIELDS = [
        'tenantId',
        'resource',
        'allowedServicePrincipalIds',
        'accessTokenTrustedIps',
        'accessTokenTTL',
        'accessTokenMaxTTL',
        'accessTokenNumUsesLimit',
      ] as const;
      fc.assert(
        fc.property(
          serverAzureAuth,
          fc.subarray([...FIELDS], { minLength: 1 }),
          fc.uuid(),
          ipValue,
          fc.nat(),
          fc.boolean(),
          (state, changed, otherId, extraIp, pick, alsoManageSame) => {
            const s = state.server;
            const text: Record<string, unknown> = {};
            const want = new Set<string>(changed);
            for (const field of changed)
              switch (field) {
                case 'tenantId':
                  fc.pre(otherId.toLowerCase() !== s.tenantId.toLowerCase());
                  text.tenantId = otherId;
                  break;
                case 'resource':
                  text.resource = RESOURCES.find((r) => r !== s.resource);
                  break;
                case 'allowedServicePrincipalIds':
                  fc.pre(!state.values.principals.some((p) => p.toLowerCase() === otherId.toLowerCase()));
                  text.allowedServicePrincipalIds = [...state.values.principals, otherId];
                  break;
                case 'accessTokenTrustedIps': {
                  const extra = writeIp(extraIp, 0, false);
                  fc.pre(!state.values.ips.some((ip) => ip.writings[0] === extraIp.writings[0]));
                  text.accessTokenTrustedIps = [
                    ...state.values.ips.map((ip) => writeIp(ip, 0, false)),
                    extra,
                  ];
                  break;
                }
                case 'accessTokenTTL':
                  break;
                case 'accessTokenMaxTTL':
                  break;
                case 'accessTokenNumUsesLimit':
                  text.accessTokenNumUsesLimit = s.accessTokenNumUsesLimit + 1;
                  break;
              }
            // New TTLs the server accepts: Max TTL above 0, TTL within the Max TTL.
            let max = s.accessTokenMaxTTL;
            if (want.has('accessTokenMaxTTL')) {
              const choices = TTLS.filter(
                (t) => t !== s.accessTokenMaxTTL && (want.has('accessTokenTTL') || t >= s.accessTokenTTL),
              );
              fc.pre(choices.length > 0);
              max = choices[pick % choices.length] as number;
              const writings = durationWritings(max);
              text.accessTokenMaxTTL = writings[pick % writings.length];
            }
            if (want.has('accessTokenTTL')) {
              const choices = [...TTLS, 1, 30].filter(
                (t) => t !== s.accessTokenTTL && t <= (max || Number.POSITIVE_INFINITY),
              );
              fc.pre(choices.length > 0);
              const ttl = choices[pick % choices.length] as number;
              const writings = durationWritings(ttl);
              text.accessTokenTTL = writings[(pick >> 3) % writings.length];
            }
            if (alsoManageSame && !want.has('accessTokenNumUsesLimit'))
              text.accessTokenNumUsesLimit = s.accessTokenNumUsesLimit;

            const result = diffAzureAuth(s, parseDecl(text));
            assert.ok(result.ok, JSON.stringify({ issues: !result.ok && result.issues, s, text }));
            const ttlPairSent = want.has('accessTokenTTL') || want.has('accessTokenMaxTTL');
            const expectedBody = new Set(want);
            if (ttlPairSent) {
              expectedBody.add('accessTokenTTL');
              expectedBody.add('accessTokenMaxTTL');
            }
            assert.deepEqual(
              Object.keys(result.body).sort(),
              [...expectedBody].sort(),
              JSON.stringify({ s, text }),
            );
            assert.deepEqual(result.changes.map((c) => c.field).sort(), [...want].sort());
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    });
  });

  describe('diffConnection', () => {
    const serverConnection = fc
      .record({
        description: fc.option(fc.constantFrom('Rotates the Graph secret.', 'Prod — Entra ID', 'x'), {
          nil: null,
        }),
        tenantId: fc.uuid(),
        clientId: fc.uuid(),
        clientSecretKeyId: fc.uuid(),
        isAutoRotationEnabled: fc.boolean(),
        interval: fc.integer({ min: 1, max: 365 }),
        hours: fc.integer({ min: 0, max: 23 }),
        minutes: fc.integer({ min: 0, max: 59 }),
      })
      .map((v) => ({
        v,
        server: appConnectionSchema.parse({
          id: '0b7a3f0e-6a51-4c55-8d0e-3f1a2b3c4d5e',
          name: 'prod-entra-graph',
          app: 'azure-client-secrets',
          method: 'client-secret',
          description: v.description,
          credentials: { tenantId: v.tenantId, clientId: v.clientId, clientSecretKeyId: v.clientSecretKeyId },
          isAutoRotationEnabled: v.isAutoRotationEnabled,
          rotation: {
            rotationInterval: v.interval,
            rotateAtUtc: { hours: v.hours, minutes: v.minutes },
            rotationStatus: 'success',
            nextRotationAt: null,
            lastRotationMessage: null,
            lastRotatedAt: null,
          },
          version: 3,
          updatedAt: '2026-11-01T10:00:00.000Z',
          projectId: null,
          orgId: 'org',
          createdAt: '2026-01-01T00:00:00.000Z',
        }) as AppConnection,
      }));
    const hhmm = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const parseConn = (text: Record<string, unknown>) => {
      const parsed = connectionDeclSchema.safeParse({ name: 'prod-entra-graph', ...text });
      assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
      return parsed.data;
    };

    it('plans nothing for equivalent writings (description, rotation "HH:MM", credentials, references)', () => {
      fc.assert(
        fc.property(
          serverConnection,
          fc.subarray([
            'description',
            'rotation',
            'isAutoRotationEnabled',
            'credentials',
            'clientSecret',
          ] as const),
          fc.boolean(),
          ({ server, v }, managed, pad) => {
            const text: Record<string, unknown> = {};
            if (managed.includes('description'))
              text.description =
                v.description === null ? (pad ? '' : null) : pad ? ` ${v.description} ` : v.description;
            if (managed.includes('rotation'))
              text.rotation = { rotationInterval: v.interval, rotateAtUtc: hhmm(v.hours, v.minutes) };
            if (managed.includes('isAutoRotationEnabled'))
              text.isAutoRotationEnabled = v.isAutoRotationEnabled;
            const credentials: Record<string, unknown> = {};
            if (managed.includes('credentials'))
              Object.assign(credentials, {
                tenantId: pad ? ` ${v.tenantId} ` : v.tenantId,
                clientId: v.clientId,
                clientSecretKeyId: v.clientSecretKeyId,
              });
            if (managed.includes('clientSecret')) credentials.clientSecret = { env: 'PROD_SECRET' };
            if (Object.keys(credentials).length) text.credentials = credentials;
            const result = diffConnection(server, parseConn(text), false);
            assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
            assert.deepEqual(result.body, {}, JSON.stringify({ v, text }));
            assert.deepEqual(result.changes, []);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('plans exactly the fields that differ; a credential change needs a reference and carries it, never a value', () => {
      fc.assert(
        fc.property(
          serverConnection,
          fc.subarray(['description', 'rotation', 'isAutoRotationEnabled', 'credentials'] as const, {
            minLength: 1,
          }),
          fc.uuid(),
          fc.boolean(),
          ({ server, v }, changed, otherId, withRef) => {
            const text: Record<string, unknown> = {};
            if (changed.includes('description')) text.description = `${v.description ?? ''} (changed)`.trim();
            if (changed.includes('rotation'))
              text.rotation = {
                rotationInterval: (v.interval % 365) + 1,
                rotateAtUtc: hhmm(v.hours, v.minutes),
              };
            if (changed.includes('isAutoRotationEnabled'))
              text.isAutoRotationEnabled = !v.isAutoRotationEnabled;
            if (changed.includes('credentials')) {
              fc.pre(otherId.toLowerCase() !== v.clientId.toLowerCase());
              text.credentials = withRef
                ? { clientId: otherId, clientSecret: { env: 'NEW_SECRET' } }
                : { clientId: otherId };
            }
            const result = diffConnection(server, parseConn(text), false);
            if (changed.includes('credentials') && !withRef) {
              assert.ok(!result.ok);
              assert.deepEqual(result.issues[0]?.path, ['credentials', 'clientSecret']);
              assert.match(result.issues[0]?.message ?? '', /credentials\.clientId differs from the server/);
              assert.match(result.issues[0]?.message ?? '', /\{ "env": "NAME" \}/);
              return;
            }
            assert.ok(result.ok, JSON.stringify({ issues: !result.ok && result.issues, v, text }));
            assert.deepEqual(
              Object.keys(result.body).sort(),
              [...changed].sort(),
              JSON.stringify({ v, text }),
            );
            assert.deepEqual(result.changes.map((c) => c.field).sort(), [...changed].sort());
            if (changed.includes('credentials')) {
              assert.deepEqual(result.body.credentials, {
                tenantId: v.tenantId,
                clientId: otherId,
                clientSecretKeyId: v.clientSecretKeyId,
                clientSecret: { env: 'NEW_SECRET' },
              });
              assert.ok(!JSON.stringify(result).includes('planned-reference'));
            }
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    });
  });
});
