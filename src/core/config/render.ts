import type { Change } from '../edit/issues';
import { kindOf } from '../resources';
import { count } from '../text';
import type { ApplyReport, ApplyResult } from './apply';
import { failedScopes, type Plan, type PlannedResource, type ScopeFailure, summarize } from './plan';

/**
 * The one renderer of plans and apply results: the CLI prints it, the extension shows the same
 * text in its plan view. Text like `terraform plan` (colours only when asked), or Markdown for a
 * pull-request comment. Values are the plan's own (write-only values are never in a plan).
 */

export interface RenderOptions {
  color?: boolean;
  /** List unchanged resources by name too (they are only counted otherwise). */
  verbose?: boolean;
}

const SGR = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Paint = (style: keyof typeof SGR, text: string) => string;
const painter = (color: boolean | undefined): Paint =>
  color ? (style, text) => `\u001b[${SGR[style]}m${text}\u001b[0m` : (_s, text) => text;

const SIGN: Record<PlannedResource['action'], string> = { update: '~', attach: '+', blocked: '!', none: '=' };
const STYLE: Record<PlannedResource['action'], keyof typeof SGR> = {
  update: 'yellow',
  attach: 'green',
  blocked: 'red',
  none: 'dim',
};

/** A resource's sign and colour: a resource not planned is neither a change nor a problem of the file. */
const signOf = (r: PlannedResource) => (r.notPlanned ? '?' : SIGN[r.action]);

export function resourceTitle(r: Pick<PlannedResource, 'type' | 'name' | 'project'>): string {
  return kindOf(r.type).title(r);
}

/** A one-line verdict per resource (CodeLens text, the tree's tooltip). */
export function resourceVerdict(r: PlannedResource): string {
  if (r.action === 'none') return 'in sync: no changes';
  if (r.notPlanned) return `not planned: ${r.notPlanned.scope} could not be read`;
  if (r.action === 'blocked') return `cannot plan: ${r.problems[0]?.message ?? 'see the plan'}`;
  const fields = r.changes.map((c) => c.field).join(', ');
  return r.action === 'attach'
    ? `attach Azure Auth (POST): ${fields}`
    : `${count(r.changes.length, 'change')}: ${fields}`;
}

export function summaryLine(plan: Pick<Plan, 'resources'>): string {
  const s = summarize(plan);
  if (s.unplanned) {
    const parts = [`${s.update} to update`];
    if (s.attach) parts.push(`${s.attach} to attach Azure Auth`);
    parts.push(`${s.unchanged} unchanged`);
    if (s.blocked) parts.push(`${s.blocked} with problems`);
    parts.push(`${s.unplanned} not planned`);
    return `Plan incomplete: ${parts.join(', ')}.`;
  }
  if (s.update + s.attach === 0)
    return s.blocked
      ? `No changes can be applied: ${count(s.blocked, 'resource')} with problems, ${s.unchanged} unchanged.`
      : `No changes. ${count(s.unchanged, 'resource is', 'resources are')} in sync with the server.`;
  const parts = [`${s.update} to update`];
  if (s.attach) parts.push(`${s.attach} to attach Azure Auth`);
  parts.push(`${s.unchanged} unchanged`);
  if (s.blocked) parts.push(`${s.blocked} with problems`);
  return `Plan: ${parts.join(', ')}.`;
}

/** What a scope that could not be read means for the plan, and what to do: a heading and its lines. */
function scopeLines(plan: Pick<Plan, 'resources'>, failure: ScopeFailure): string[] {
  const n = plan.resources.filter((r) => r.notPlanned?.scope === failure.scope).length;
  return [
    `Incomplete: ${failure.scope} could not be read.`,
    failure.message,
    `${count(n, 'resource')} of this file ${n === 1 ? 'is' : 'are'} not planned (marked ?): nothing is shown as a change or sent for ${n === 1 ? 'it' : 'them'}. Plan again when the server answers.`,
  ];
}

/** A list's change as its entries removed and added, one a line; any other field as before → after. */
function changeText(c: Change, paint: Paint): string[] {
  if (!c.added && !c.removed) return [`    ${c.field}: ${c.before} → ${c.after}`];
  return [
    `    ${c.field}:`,
    ...(c.removed ?? []).map((x) => paint('red', `      - ${x}`)),
    ...(c.added ?? []).map((x) => paint('green', `      + ${x}`)),
  ];
}

/** The same in a ```diff block: the field as a context line, then its entries. */
function changeDiff(c: Change): string[] {
  if (!c.added && !c.removed) return [`- ${c.field}: ${c.before}`, `+ ${c.field}: ${c.after}`];
  return [
    `  ${c.field}:`,
    ...(c.removed ?? []).map((x) => `- ${x}`),
    ...(c.added ?? []).map((x) => `+ ${x}`),
  ];
}

export function renderPlanText(plan: Plan, opts: RenderOptions = {}): string {
  const paint = painter(opts.color);
  const org = plan.organization.name
    ? `${plan.organization.name} (${plan.organization.id})`
    : plan.organization.id;
  const lines = [
    paint('bold', `Plan for ${plan.file}`),
    paint('dim', `${plan.site} · organization ${org} · read ${plan.createdAt}`),
    '',
  ];
  const shown = plan.resources.filter((r) => r.action !== 'none' || r.notes.length > 0 || opts.verbose);
  for (const r of shown) {
    lines.push(
      paint(STYLE[r.action], `${signOf(r)} ${resourceTitle(r)}${r.id ? paint('dim', ` ${r.id}`) : ''}`),
    );
    if (r.action === 'none') lines.push('    no changes');
    for (const c of r.changes) lines.push(...changeText(c, paint));
    if (r.notPlanned) lines.push(paint('red', `    not planned: ${r.notPlanned.scope} could not be read`));
    else for (const p of r.problems) lines.push(paint('red', `    problem: ${p.message}`));
    for (const n of r.notes) lines.push(paint('cyan', `    note: ${n.message}`));
    lines.push('');
  }
  const unchanged = plan.resources.filter((r) => r.action === 'none' && r.notes.length === 0).length;
  if (unchanged && !opts.verbose)
    lines.push(paint('dim', `= ${count(unchanged, 'unchanged resource')} not listed`), '');
  for (const failure of failedScopes(plan)) {
    const [head, ...rest] = scopeLines(plan, failure);
    lines.push(paint('red', head as string), ...rest.map((l) => `    ${l}`), '');
  }
  lines.push(paint('bold', summaryLine(plan)));
  return `${lines.join('\n')}\n`;
}

const mdEscape = (text: string) => text.replace(/[|<>]/g, (c) => `\\${c}`);

export function renderPlanMarkdown(plan: Plan): string {
  const org = plan.organization.name ?? plan.organization.id;
  const lines = [
    `### Infisical Azure plan: \`${plan.file}\``,
    '',
    `**${summaryLine(plan)}**`,
    '',
    ...failedScopes(plan).flatMap((f) => [`> **${mdEscape(scopeLines(plan, f).join(' '))}**`, '']),
    `${plan.site} · organization ${mdEscape(org)}`,
    '',
  ];
  const shown = plan.resources.filter((r) => r.action !== 'none' || r.notes.length > 0);
  for (const r of shown) {
    lines.push(`#### ${signOf(r)} ${mdEscape(resourceTitle(r))}`, '');
    if (r.changes.length) {
      lines.push('```diff');
      for (const c of r.changes) lines.push(...changeDiff(c));
      lines.push('```', '');
    }
    if (r.notPlanned) lines.push(`> **Not planned:** ${mdEscape(r.notPlanned.scope)} could not be read`, '');
    else for (const p of r.problems) lines.push(`> **Problem:** ${mdEscape(p.message)}`, '');
    for (const n of r.notes) lines.push(`> Note: ${mdEscape(n.message)}`, '');
  }
  const unchanged = plan.resources.filter((r) => r.action === 'none' && r.notes.length === 0).length;
  if (unchanged) lines.push(`<sub>${count(unchanged, 'unchanged resource')} not listed.</sub>`, '');
  return `${lines.join('\n')}\n`;
}

export function applyResultLine(r: ApplyResult): string {
  const what = resourceTitle({ type: r.type, name: r.name });
  switch (r.outcome) {
    case 'applied':
      return `applied  ${what}: ${r.action === 'attach' ? 'Azure Auth attached' : r.fields.join(', ')}`;
    case 'partial':
      return `PARTIAL  ${what}: ${r.fields.length ? `applied ${r.fields.join(', ')}; ` : ''}not applied: ${r.message ?? ''}`;
    case 'failed':
      return `FAILED   ${what}: ${r.message ?? ''}`;
    case 'refused':
      return `REFUSED  ${what}: ${r.message ?? ''}`;
    default:
      return `skipped  ${what}: ${r.message ?? ''}`;
  }
}

export function applySummaryLine(report: ApplyReport): string {
  const { applied, partial, failed, refused, skipped } = report.counts;
  const parts = [`${applied} applied`];
  if (partial) parts.push(`${partial} partially applied (the server ignored some fields)`);
  if (failed) parts.push(`${failed} failed`);
  if (refused) parts.push(`${refused} refused (changed since the plan)`);
  if (skipped) parts.push(`${skipped} skipped`);
  const next = partial + failed + refused + skipped ? ' Plan again to see what is left.' : '';
  return `Apply: ${parts.join(', ')}.${next}`;
}

export function renderApplyText(report: ApplyReport, opts: RenderOptions = {}): string {
  const paint = painter(opts.color);
  const style = (r: ApplyResult): keyof typeof SGR =>
    r.outcome === 'applied'
      ? 'green'
      : r.outcome === 'skipped'
        ? 'dim'
        : r.outcome === 'partial'
          ? 'yellow'
          : 'red';
  const lines = report.results.map((r) => paint(style(r), applyResultLine(r)));
  lines.push('', paint('bold', applySummaryLine(report)));
  return `${lines.join('\n')}\n`;
}
