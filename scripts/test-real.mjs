#!/usr/bin/env node
// @ts-check
// `npm run test:real`: the CLI's workspace-file loop and every request the API client makes,
// against a running real Infisical server (../shared/real-infisical/setup.sh writes its
// coordinates to ~/.cache/real-infisical/env). Opt-in, not part of `npm test`: CI cannot fetch
// that server's source. Each check has its own timeout; every change is put back, so the
// shared server ends as it began. Prints one table row per check; exits 1 if any failed.
// Then the UI walk (test/real/walk.mjs): the extension in code-server, a person's keystrokes;
// `--no-ui` leaves it out.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readRealServer } from '../test/real/env.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist-cli/infisical-azure.js');
const API = join(ROOT, 'out/src/core/api/index.js');
const CHECK_TIMEOUT_MS = 60_000;

const real = readRealServer('test:real');
if (!existsSync(API)) {
  console.error(`test:real: ${API} is missing: run npm run compile first (npm run test:real does).`);
  process.exit(1);
}
const SITE = real.site;
const TOKEN = real.token;
const UA_ID = real.uaClientId;
const UA_SECRET = real.uaClientSecret;
const ORG = real.orgId;
const AZURE_IDENTITIES = real.azureIdentities;
const PLAIN_IDENTITY = real.plainIdentity;
const OAUTH = real.oauthConnections;
const KEY_VAULT = real.keyVaultConnection;
const SECRETS = [TOKEN, UA_SECRET];

const esbuild = await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href);
await esbuild.buildCli(false);
/** @type {typeof import('../src/core/api/index')} */
const { createInfisicalApi } = createRequire(import.meta.url)(API);
/** @type {typeof import('../src/core/api/ignored')} */
const { ignoredFields } = createRequire(import.meta.url)(join(API, '..', 'ignored.js'));

/** @type {{ area: string, check: string, result: string, ok: boolean }[]} */
const rows = [];

/**
 * @param {string} area
 * @param {string} check
 * @param {() => Promise<string | undefined>} run  resolves to a note ("works" when none)
 */
async function check(area, check, run) {
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no result within ${CHECK_TIMEOUT_MS / 1000} s`)),
        CHECK_TIMEOUT_MS,
      );
    });
    const note = await Promise.race([run(), timeout]);
    rows.push({ area, check, result: note ?? 'works', ok: true });
  } catch (error) {
    rows.push({
      area,
      check,
      result: `FAILED: ${redact(error instanceof Error ? error.message : String(error))}`,
      ok: false,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** @param {string} text */
function redact(text) {
  let out = text;
  for (const s of SECRETS) out = out.split(s).join('‹redacted›');
  return out;
}

/** @param {boolean} condition @param {string} message */
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// ── The CLI: pull → edit → plan → apply → plan, then the same loop back to where it began ──

/**
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {string} cwd
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function cli(args, env, cwd) {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'infisical-azure-real-'));
const FILE = 'real.infisical-azure.json';
const credentialSets = {
  token: { INFISICAL_API_URL: `${SITE}/api/v1`, INFISICAL_TOKEN: TOKEN },
  'Universal Auth': {
    INFISICAL_API_URL: SITE,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: UA_ID,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: UA_SECRET,
  },
};
/** @type {string[]} */
const cliOutputs = [];

for (const [how, env] of Object.entries(credentialSets)) {
  const run = async (/** @type {string[]} */ ...args) => {
    const r = await cli(args, env, dir);
    cliOutputs.push(r.stdout, r.stderr);
    return r;
  };
  /** @type {any} */
  let original;
  const exits = /** @type {number[]} */ ([]);
  await check('CLI', `pull with ${how}${how === 'token' ? ' (site given as …/api/v1)' : ''}`, async () => {
    const r = await run('pull', '--out', FILE, '--force');
    exits.push(r.code);
    expect(r.code === 0, `exit ${r.code}: ${r.stderr.trim()}`);
    original = JSON.parse(readFileSync(join(dir, FILE), 'utf8'));
    expect(original.organization.id === ORG, `organization ${original.organization.id}, not ${ORG}`);
    const identities = original.identities?.length ?? 0;
    const connections = original.connections?.length ?? 0;
    expect(identities > 0 && connections > 0, `${identities} identities, ${connections} connections`);
    return `works (exit 0): ${identities} identities, ${connections} connections; the organization by id only (the server cannot name it to an identity)`;
  });
  if (!original) continue;
  const edited = structuredClone(original);
  const identity = edited.identities.find((/** @type {any} */ i) => AZURE_IDENTITIES.includes(i.id));
  const connection = edited.connections.find((/** @type {any} */ c) => c.method === 'oauth');
  identity.azureAuth.accessTokenTTL = identity.azureAuth.accessTokenTTL === '25m' ? '35m' : '25m';
  connection.description = `test:real ${new Date().toISOString()}`;
  for (const [step, file] of [
    ['edit (a TTL, an oauth description)', edited],
    ['back to the pulled values', original],
  ]) {
    writeFileSync(join(dir, FILE), JSON.stringify(file, null, 2));
    await check('CLI', `${how}: ${step}: plan → apply → plan`, async () => {
      const plan = await run('plan', FILE, '--out', 'plan.json');
      const apply = plan.code === 2 ? await run('apply', 'plan.json') : undefined;
      const again = await run('plan', FILE);
      const codes = [plan.code, apply?.code ?? '-', again.code];
      exits.push(...codes.map(Number));
      expect(
        plan.code === 2 && apply?.code === 0 && again.code === 0,
        `exits ${codes.join('/')} (expected 2/0/0): ${(apply ?? plan).stdout.trim().split('\n').pop()} ${(apply ?? plan).stderr.trim()}`,
      );
      expect(/No changes\./.test(again.stdout), 'the second plan is not "No changes."');
      return `works: exits ${codes.join('/')}`;
    });
  }
}

await check('CLI', 'no secret in any output or written file', async () => {
  const written = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  const leaked = [...cliOutputs, ...written].some((text) => SECRETS.some((s) => text.includes(s)));
  expect(!leaked, 'a token or client secret was printed or written');
  expect(!cliOutputs.some((t) => /refresh the view/.test(t)), 'the CLI said "refresh the view"');
  return undefined;
});
rmSync(dir, { recursive: true, force: true });

// ── The API client: every request it makes ──

/** @type {{ method: string, endpoint: string, status?: number }[]} */
const sent = [];
const token = TOKEN;
const api = createInfisicalApi({
  baseUrl: SITE,
  getToken: () => token,
  onRequest: (e) => sent.push({ method: e.method, endpoint: e.endpoint, status: e.status }),
});
const patches = () => sent.filter((r) => r.method === 'PATCH').length;
const errorOf = async (/** @type {Promise<unknown>} */ p) => {
  try {
    await p;
  } catch (error) {
    return /** @type {import('../src/core/api/errors').InfisicalError} */ (error);
  }
  throw new Error('it succeeded');
};

await check(
  'sign-in',
  'organization of a token (identities/details, else the token’s identity)',
  async () => {
    const org = await api.auth.identityOrganization();
    expect(org.id === ORG, `organization ${org.id}`);
    const details = api.capabilities.get('identityDetails');
    return details
      ? 'works (GET /identities/details)'
      : `works without /identities/details because the server lacks it: GET /identities/{id} → orgId (the name is not readable: the id stands in)`;
  },
);
await check('sign-in', 'Universal Auth login, then its organization', async () => {
  const login = await api.auth.universalAuthLogin({ clientId: UA_ID, clientSecret: UA_SECRET });
  SECRETS.push(login.accessToken);
  const other = createInfisicalApi({ baseUrl: SITE, getToken: () => login.accessToken });
  expect((await other.auth.identityOrganization()).id === ORG, 'another organization');
  const renewed = await api.auth.renew(login.accessToken);
  SECRETS.push(renewed.accessToken);
  await api.auth.revoke(renewed.accessToken);
  return 'works (login, organization, renew, revoke)';
});
await check(
  'sign-in',
  'organizations of a user token (GET /organization) with an identity token',
  async () => {
    const e = await errorOf(api.auth.userOrganizations());
    expect(e.status === 403, `status ${e.status}`);
    return `403 as expected for an identity token (sign-in then uses the identity route): "${e.message}"`;
  },
);
await check('trees', 'identities: a page, one identity', async () => {
  const page = await api.identities.listPage(ORG, { limit: 10 });
  expect(page.identityMemberships.length > 0, 'no identity');
  const one = await api.identities.get(AZURE_IDENTITIES[0] ?? '');
  expect(one.identity.id === AZURE_IDENTITIES[0], 'another identity');
  return page.identityMemberships.every((m) => m.identity.orgId === undefined)
    ? 'works (identities carry no orgId there; not needed)'
    : undefined;
});
await check('trees', 'projects (GET /projects, else /workspace)', async () => {
  const projects = await api.projects.list();
  expect(projects.length > 0, 'no project');
  return api.capabilities.get('projectList')
    ? undefined
    : `works without GET /api/v1/projects because the server lacks it: GET /api/v1/workspace (${projects.length} project${projects.length === 1 ? '' : 's'})`;
});
await check(
  'trees',
  'connections: every app, Azure Client Secrets, a project’s, by id, by name, options',
  async () => {
    const all = await api.connections.listAll();
    const azure = await api.connections.listAzureClientSecrets();
    const project = (await api.projects.list())[0];
    const scoped = await api.connections.listAzureClientSecrets({ projectId: project?.id });
    const one = await api.connections.getAzureClientSecrets(OAUTH[0] ?? '');
    const named = await api.connections.getAzureClientSecretsByName(one.name);
    const options = await api.connections.options();
    const methods = options.find((o) => o.app === 'azure-client-secrets')?.methods ?? [];
    expect(all.length >= azure.length && azure.length > 0 && named.id === one.id, 'lists disagree');
    const notes = [`methods: ${methods.join(', ')}`];
    if (api.capabilities.get('projectConnections') === false)
      notes.push(`no project connections (projectId ignored: ${scoped.length} listed for a project)`);
    if (api.capabilities.get('rotation') === false)
      notes.push('rotation absent: the connections carry no rotation keys');
    return `works (${notes.join('; ')})`;
  },
);
await check('editors', 'Azure Auth: read, PATCH a TTL, put it back', async () => {
  const id = AZURE_IDENTITIES[1] ?? AZURE_IDENTITIES[0] ?? '';
  const before = await api.azureAuth.get(id);
  const changed = await api.azureAuth.update(id, {
    accessTokenTTL: before.accessTokenTTL === 1800 ? 1200 : 1800,
  });
  const back = await api.azureAuth.update(id, { accessTokenTTL: before.accessTokenTTL });
  expect(
    changed.accessTokenTTL !== before.accessTokenTTL && back.accessTokenTTL === before.accessTokenTTL,
    'not kept',
  );
  return undefined;
});
await check(
  'editors',
  'Azure Auth: an empty PATCH is never sent (the server answers {} with a 500)',
  async () => {
    const before = patches();
    await api.azureAuth.update(AZURE_IDENTITIES[0] ?? '', {});
    expect(patches() === before, 'a PATCH was sent');
    return 'works: no request with {} (answered from a GET)';
  },
);
await check('editors', 'Azure Auth: attach to an identity without it, then revoke', async () => {
  const attached = await api.azureAuth.attach(PLAIN_IDENTITY, {
    tenantId: '4f8c2a8e-2f5b-4c1e-9d36-0b1f6c9a7e21',
    resource: 'https://management.azure.com/',
  });
  await api.azureAuth.revoke(PLAIN_IDENTITY);
  expect(attached.identityId === PLAIN_IDENTITY, 'another identity');
  return undefined;
});
await check('editors', 'oauth connection: PATCH its description, put it back', async () => {
  const id = OAUTH[0] ?? '';
  const before = await api.connections.getAzureClientSecrets(id);
  const changed = await api.connections.updateAzureClientSecrets(id, { description: 'test:real' });
  const back = await api.connections.updateAzureClientSecrets(id, {
    description: before.description ?? null,
  });
  expect(
    changed.description === 'test:real' && back.description === (before.description ?? null),
    'not kept',
  );
  return undefined;
});
await check(
  'editors',
  'connection: a 256-character description refused before sending (varchar(255))',
  async () => {
    // The rule lives in the connections' field table, which every editor's PATCH is built from.
    const { CONNECTION_FIELDS } = createRequire(import.meta.url)(
      join(ROOT, 'out/src/core/fields/connection.js'),
    );
    const parsed = CONNECTION_FIELDS.description.request.safeParse('x'.repeat(256));
    expect(!parsed.success, '256 characters accepted');
    return `works: "${parsed.error.issues[0]?.message}"`;
  },
);
await check('editors', 'connection: an empty PATCH is never sent', async () => {
  const before = patches();
  await api.connections.updateAzureClientSecrets(OAUTH[0] ?? '', {});
  expect(patches() === before, 'a PATCH was sent');
  return undefined;
});
await check(
  'editors',
  'connection: a PATCH through azure-client-secrets to a Key Vault connection is never sent',
  async () => {
    const before = patches();
    const e = await errorOf(
      api.connections.updateAzureClientSecrets(KEY_VAULT, { description: 'wrong route' }),
    );
    expect(patches() === before, 'the PATCH was sent (that server saves it and answers 500)');
    return `works: refused, nothing sent: "${e.message}"`;
  },
);
await check(
  'editors',
  'connection: rotation keys in a PATCH (the server drops them with a 200)',
  async () => {
    const id = OAUTH[0] ?? '';
    const before = await api.connections.getAzureClientSecrets(id);
    // Straight through the client (no capability check, as an older build of ours would send it):
    // what the answer does not hold is what every surface reports (src/core/api/ignored.ts).
    const body = { description: before.description ?? null, isAutoRotationEnabled: false };
    const answer = await api.connections.updateAzureClientSecrets(id, /** @type {any} */ (body));
    const messages = ignoredFields(body, answer).map((i) => i.message);
    return messages.length
      ? `reported, not shown as saved: "${messages.join('; ')}"`
      : 'kept (this server supports rotation)';
  },
);
await check('editors', 'connection: rotate now', async () => {
  const e = await errorOf(api.connections.rotateAzureClientSecrets(OAUTH[0] ?? ''));
  return `${e.status}: "${e.message}"`;
});

// ── The table ──

const width = (/** @type {'area' | 'check'} */ key) =>
  Math.max(...rows.map((r) => r[key].length), key.length);
const [wa, wc] = [width('area'), width('check')];
console.log(`\nReal Infisical server ${SITE} — ${new Date().toISOString()}\n`);
console.log(`| ${'area'.padEnd(wa)} | ${'check'.padEnd(wc)} | result |`);
console.log(`| ${'-'.repeat(wa)} | ${'-'.repeat(wc)} | ------ |`);
for (const r of rows) console.log(`| ${r.area.padEnd(wa)} | ${r.check.padEnd(wc)} | ${r.result} |`);
const failed = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length - failed} of ${rows.length} checks passed; ${sent.length} API requests.`);

// ── The extension, as a new user tries it: its own process, its own table ──

let walked = 0;
if (!process.argv.includes('--no-ui')) {
  console.log('\nThe UI walk (test/real/walk.mjs): code-server, the packaged .vsix, a fresh browser\n');
  walked = await new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'test/real/walk.mjs')], { stdio: 'inherit' });
    child.on('exit', (code) => done(code ?? 1));
  });
}
process.exit(failed || walked ? 1 : 0);
