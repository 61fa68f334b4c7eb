// @ts-check
// Runs the same extension-host suites (out/test/extension) in desktop VS Code via
// @vscode/test-electron, for developers who are online: it downloads VS Code (cached under
// the host cache, not in the repository). Offline, use `npm run test:host` (code-server).
//
//   npm run test:electron [-- --vscode <version>]     (Linux without a display: xvfb-run -a npm run test:electron)
import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, runTests, SilentReporter } from '@vscode/test-electron';
import { releaseAll, removeDirSync, track } from './cleanup.mjs';
import { CODE_SERVER_VERSION, cacheRoot, seconds } from './provision.mjs';
import { startSandbox } from './sandbox.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
// The VS Code that code-server 4.139.1 embeds, so both runners test the same version.
const DEFAULT_VSCODE = CODE_SERVER_VERSION.replace(/^4\./, '1.');

const { values: opts } = parseArgs({ options: { vscode: { type: 'string', default: DEFAULT_VSCODE } } });

async function main() {
  const started = performance.now();
  /** @type {string} */
  let executable;
  try {
    executable = await downloadAndUnzipVSCode({
      version: opts.vscode,
      cachePath: join(cacheRoot(), 'vscode-test'),
      reporter: new SilentReporter(),
      timeout: 15_000,
    });
  } catch (err) {
    const cause = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    console.error(
      `@vscode/test-electron needs network to download VS Code; use npm run test:host here (${cause})`,
    );
    return 1;
  }
  console.log(`electron: VS Code ${opts.vscode} ready in ${seconds(started)} s`);

  const sandbox = await startSandbox();
  const tempDir = realpathSync(mkdtempSync(join(tmpdir(), 'infisical-electron-')));
  track({
    name: 'electron temp dir',
    release: async () => removeDirSync(tempDir),
    releaseSync: () => removeDirSync(tempDir),
  });
  for (const d of ['user-data', 'extensions', 'workspace']) mkdirSync(join(tempDir, d));
  const results = join(ROOT, 'test-results');
  mkdirSync(results, { recursive: true });

  const run = performance.now();
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'extension', 'index'),
      extensionTestsEnv: { INFISICAL_SANDBOX_URL: sandbox.url, INFISICAL_TEST_RESULTS: results },
      launchArgs: [
        join(tempDir, 'workspace'),
        '--user-data-dir',
        join(tempDir, 'user-data'),
        '--extensions-dir',
        join(tempDir, 'extensions'),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    console.log(`electron: suites passed in ${seconds(run)} s`);
    return 0;
  } catch (err) {
    console.error(
      `electron: suites failed after ${seconds(run)} s: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`electron: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await releaseAll();
}
