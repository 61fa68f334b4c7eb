import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built command-line tool (dist-cli/infisical-azure.js), as the CLI suites run it. */

export const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist-cli/infisical-azure.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Builds dist-cli/ from src/ as `npm run build` does (unminified). */
export async function buildCli(): Promise<void> {
  const esbuild = await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href);
  await esbuild.buildCli(false);
}

/** Async, never spawnSync: the sandbox answers from this very process. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}
