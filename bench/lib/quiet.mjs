// @ts-check
// Waits for the machine to go quiet before a timing: a fresh VS Code window keeps both cores
// busy for a few seconds (extension host start, eager extensions, language servers). Reads the
// kernel's CPU counters (Linux); elsewhere it just waits the minimum.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** @returns {Promise<{ idle: number, total: number } | undefined>} */
async function cpuTimes() {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => undefined);
  const cpu = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!cpu || cpu.length < 5) return undefined;
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { idle, total: cpu.reduce((a, b) => a + b, 0) };
}

/**
 * Resolves once the CPUs were at least `idleShare` idle for `windows` consecutive 250 ms
 * windows (after `minMs`), or after `maxMs`. Returns the time waited and whether it got quiet.
 */
export async function waitForQuiet({ minMs = 1_000, maxMs = 8_000, idleShare = 0.85, windows = 2 } = {}) {
  const started = performance.now();
  await sleep(minMs);
  let quiet = 0;
  while (performance.now() - started < maxMs) {
    const a = await cpuTimes();
    await sleep(250);
    const b = await cpuTimes();
    if (!a || !b) return { waitedMs: performance.now() - started, quiet: false };
    const share = (b.idle - a.idle) / Math.max(1, b.total - a.total);
    quiet = share >= idleShare ? quiet + 1 : 0;
    if (quiet >= windows) return { waitedMs: performance.now() - started, quiet: true };
  }
  return { waitedMs: performance.now() - started, quiet: false };
}
