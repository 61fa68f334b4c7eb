// @ts-check
// Child processes of the benchmark: one way to run a command and keep what it printed.
import { spawn } from 'node:child_process';

/**
 * Runs a command; resolves with its exit code, its stdout and stderr apart and together (in the
 * order they came), and its wall time (spawn → exit).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]  env replaces the environment
 * @returns {Promise<{ code: number, out: string, err: string, all: string, ms: number }>}
 */
export function spawnCaptured(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let all = '';
    child.stdout.on('data', (c) => {
      out += c;
      all += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
      all += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, out, err, all, ms: performance.now() - t }));
  });
}
