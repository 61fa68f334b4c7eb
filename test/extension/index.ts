import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Mocha from 'mocha';

/**
 * Entry point VS Code calls inside the extension host (`extensionTestsPath`), both in
 * code-server (test/vscode/run-suites.mjs) and in desktop VS Code (test/vscode/run-electron.mjs).
 * Runs every compiled `*.test.js` beside this file and rejects when any test fails.
 */
export async function run(): Promise<void> {
  const mocha = new (loadMocha())({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec' });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
      reportProgress(runner);
    } catch (err) {
      reject(err);
    }
  });
  // The runner reads the counts back from here (its own file: runs may overlap).
  const summaryFile = process.env.INFISICAL_SUITE_SUMMARY;
  if (summaryFile) {
    const summary = {
      passes: stats.passes,
      failures: stats.failures,
      pending: stats.pending,
      tests: stats.tests,
    };
    writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (stats.failures > 0) throw new Error(`${stats.failures} of ${stats.tests} extension-host tests failed`);
  if (stats.tests === 0)
    throw new Error(`no extension-host tests ran (files: ${files.join(', ') || 'none'})`);
}

/**
 * Tells the runner outside (test/vscode/run-suites.mjs) that the run is moving: it gives up only
 * after a long silence, and names the test it was in. One console line per test and hook start,
 * behind a marker the runner consumes instead of printing.
 */
function reportProgress(runner: Mocha.Runner): void {
  const say = (event: string, title: string) =>
    console.log(`${PROGRESS_MARK}${JSON.stringify({ event, title })}`);
  runner.on('test', (t) => say('test', t.fullTitle()));
  runner.on('hook', (h) => say('hook', h.fullTitle()));
  runner.on('test end', (t) => say('end', t.fullTitle()));
}

/** Shared with test/vscode/run-suites.mjs. */
const PROGRESS_MARK = '@@infisical-test-progress ';

/**
 * Mocha 12 is ES modules loaded through require(), which Node has from 20.19. The oldest VS Code
 * we support runs its extension host on Node 18: there mocha 10 (the same API) runs the suites.
 */
function loadMocha(): typeof Mocha {
  try {
    return require('mocha');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw err;
    return require('mocha-legacy');
  }
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
