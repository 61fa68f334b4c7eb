import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The CLI as its own npm package (scripts/pack-cli.mjs): the tarball passes
 * scripts/check-cli-package.mjs (and a tampered one does not), installs offline into an empty
 * folder, and runs from there through `npx --no-install`: --version, --help's file and schema,
 * validate. Real npm and node processes throughout.
 */

const ROOT = resolve(__dirname, '../../..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

interface PackCli {
  packCli(options: { outDir: string }): Promise<{ tarball: string; bytes: number; integrity: string }>;
}

/** The child's environment: none of the npm_* settings of an `npm test` around us, a cache of its own. */
function cleanEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^npm_/i.test(name) && name !== 'INIT_CWD') env[name] = value;
  return { ...env, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('the CLI package (dist/infisical-azure-<version>.tgz)', function () {
  this.timeout(90_000);
  let tmp: string;
  let tarball: string;
  let app: string;
  let env: NodeJS.ProcessEnv;
  const npx = (...args: string[]) => run('npx', ['--no-install', 'infisical-azure', ...args], app, env);

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'infisical-azure-package-'));
    const pack = (await import(pathToFileURL(join(ROOT, 'scripts/pack-cli.mjs')).href)) as PackCli;
    ({ tarball } = await pack.packCli({ outDir: tmp }));
    app = join(tmp, 'app');
    mkdirSync(app);
    env = cleanEnv(join(tmp, 'npm-cache'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('is named after the version and passes check-cli-package', async function () {
    this.timeout(30_000);
    assert.equal(tarball, join(tmp, `infisical-azure-${version}.tgz`));
    const check = await run(process.execPath, ['scripts/check-cli-package.mjs', tarball], ROOT, env);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /^check-cli-package: 5 files as expected, no dependencies or scripts/);
  });

  it('fails check-cli-package once a dependency or a stray file is added', async function () {
    this.timeout(30_000);
    const unpacked = join(tmp, 'tampered');
    mkdirSync(unpacked);
    execFileSync('tar', ['xzf', tarball, '-C', unpacked]);
    const manifestPath = join(unpacked, 'package/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, dependencies: { 'left-pad': '1.3.0' } }));
    writeFileSync(join(unpacked, 'package/.env'), 'X=1\n');
    const bad = join(tmp, 'tampered.tgz');
    execFileSync('tar', ['czf', bad, '-C', unpacked, 'package']);
    const check = await run(process.execPath, ['scripts/check-cli-package.mjs', bad], ROOT, env);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /package\.json has dependencies/);
    assert.match(check.stderr, /package\/\.env/);
  });

  it('installs offline into an empty folder: one package, no dependencies, a bin', async function () {
    this.timeout(60_000);
    const r = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app, env);
    assert.equal(r.code, 0, r.stderr);
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dependencies?: unknown }>;
    };
    const installed = Object.keys(lock.packages).filter((p) => p !== '');
    assert.deepEqual(installed, ['node_modules/@secretsops/infisical-azure']);
    assert.equal(lock.packages['node_modules/@secretsops/infisical-azure']?.version, version);
    assert.ok(existsSync(join(app, 'node_modules/.bin/infisical-azure')));
  });

  it('runs --version from the install: the version and the commit it was built from', async () => {
    const r = await npx('--version');
    assert.equal(r.code, 0, r.stderr);
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    assert.match(
      r.stdout,
      new RegExp(`^infisical-azure ${version.replaceAll('.', '\\.')} \\(commit ${head}(-dirty)?\\)\\n$`),
    );
  });

  it("--help's minimal file validates, and the schema is where --help says", async () => {
    const help = await npx('--help');
    assert.equal(help.code, 0, help.stderr);
    const schemaPath = /^ {2}(node_modules\/\S+\.schema\.json)$/m.exec(help.stdout)?.[1];
    assert.ok(schemaPath, help.stdout);
    const schema = JSON.parse(readFileSync(join(app, schemaPath), 'utf8')) as { properties?: object };
    assert.ok(schema.properties && 'identities' in schema.properties);
    const example = /^ {2}\{\n[\s\S]*?^ {2}\}$/m.exec(help.stdout)?.[0];
    assert.ok(example, help.stdout);
    writeFileSync(join(app, 'team.infisical-azure.json'), example);
    const ok = await npx('validate', 'team.infisical-azure.json');
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stderr, /^team\.infisical-azure\.json: ok \(1 identity, 0 connections\)$/m);
    writeFileSync(join(app, 'bad.infisical-azure.json'), example.replace('"1h"', '"an hour"'));
    const bad = await npx('validate', 'bad.infisical-azure.json');
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^bad\.infisical-azure\.json:\d+:\d+: /m);
  });

  it('validate of no files exits 0 and says so', async () => {
    const r = await npx('validate');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^infisical-azure: no workspace files given: nothing to validate$/m);
  });

  it('stamps "unknown" as the commit of a build outside a git checkout', async () => {
    const script = `import(${JSON.stringify(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)}).then((m) => console.log(JSON.stringify(m.buildStamp())))`;
    const r = await run(process.execPath, ['-e', script], tmp, { ...env, GIT_DIR: join(tmp, 'no-git') });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { version, commit: 'unknown' });
  });
});
