// @ts-check
// The benchmark's output: one row per figure (value, target, PASS/FAIL), printed as a table,
// written to bench/results.json, and rendered as Markdown for BENCHMARKS.md.
import { cpus, freemem, release, totalmem, type } from 'node:os';

/**
 * @typedef {object} Figure
 * @property {string} id        stable key, e.g. `package.vsixBytes`
 * @property {string} group     Package, Activation, Memory, Trees, Editing, Client, Config
 * @property {string} name      what is measured
 * @property {string} value     for display (with unit)
 * @property {number | string | boolean | null} raw   machine-readable value (ms, bytes, count, ratio)
 * @property {string} [target]  for display; absent when the figure is informational
 * @property {boolean | null} [pass]   null: has a target but could not be measured
 * @property {string} [note]    how it was obtained or what it contains, one line
 * @property {unknown} [samples]   per-run values behind a median
 */

/**
 * @param {Omit<Figure, 'pass'> & { pass?: boolean | null }} f
 * @returns {Figure}
 */
export function figure(f) {
  return { ...f, pass: f.target === undefined ? undefined : (f.pass ?? null) };
}

/** @param {Figure} f */
export function verdict(f) {
  if (f.target === undefined) return '';
  if (f.pass === null || f.pass === undefined) return 'n/a';
  return f.pass ? 'PASS' : 'FAIL';
}

/** The machine, as BENCHMARKS.md and results.json record it. */
export function machine() {
  const cpu = cpus();
  return {
    os: `${type()} ${release()}`,
    cpu: `${cpu.length} × ${cpu[0]?.model?.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    node: process.version,
  };
}

/** A plain-text table for the terminal, then the figures' notes. */
export function formatTable(/** @type {Figure[]} */ figures) {
  const head = ['Group', 'Figure', 'Value', 'Target', 'Result'];
  const rows = figures.map((f) => [f.group, f.name, f.value, f.target ?? '', verdict(f)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (/** @type {string[]} */ cells) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  const notes = figures.filter((f) => f.note).map((f) => `  ${f.group} · ${f.name}: ${f.note}`);
  return `${out.join('\n')}\n\nNotes:\n${notes.join('\n')}\n`;
}

/** The Markdown table BENCHMARKS.md holds. */
export function markdownTable(/** @type {Figure[]} */ figures) {
  const esc = (/** @type {string} */ s) => s.replace(/\|/g, '\\|');
  const lines = ['| Group | Figure | Value | Target | Result |', '| --- | --- | --- | --- | --- |'];
  for (const f of figures) {
    const v = verdict(f);
    lines.push(
      `| ${f.group} | ${esc(f.name)} | ${esc(f.value)} | ${esc(f.target ?? '')} | ${v === 'FAIL' ? '**FAIL**' : v} |`,
    );
  }
  return lines.join('\n');
}

/** The notes under the table, as a Markdown list. */
export function markdownNotes(/** @type {Figure[]} */ figures) {
  return figures
    .filter((f) => f.note)
    .map((f) => `- **${f.group} · ${esc(f.name)}**: ${f.note}`)
    .join('\n');
}

function esc(/** @type {string} */ s) {
  return s.replace(/\*/g, '\\*');
}
