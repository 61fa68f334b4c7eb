import {
  type ApplyReport,
  applyPlan,
  failedScopes,
  type Plan,
  renderApplyText,
  renderPlanText,
} from '../core/config';
import { count } from '../core/text';
import { parseCommand, UsageError } from './args';
import { loadConfigs, readPlans, readText } from './files';
import { useColor } from './io';
import { blockedIn, type Context, checkTarget, planFiles, planOptions, targetSite } from './plan';
import { CliError, type Session, signIn } from './session';

export async function applyCommand(argv: string[], ctx: Context): Promise<number> {
  const parsed = parseCommand(
    'apply',
    argv,
    {
      attach: 'boolean',
      'auto-approve': 'boolean',
      'replace-credentials': 'string',
      verbose: 'boolean',
      concurrency: 'string',
      timeout: 'string',
    },
    ctx.out,
  );
  if (!parsed) return 0;
  const { out, env } = ctx;
  const files = parsed.positionals;
  if (files.length === 0)
    throw new UsageError('apply needs a saved plan (plan --out plan.json) or files with --auto-approve');
  const opts = planOptions(parsed, env);
  const color = useColor(env, ctx.isTTY);

  const saved = files.map((path) => readPlans(path, readText(path)));
  let session: Session;
  let plans: Plan[];
  if (saved.every((p) => p !== undefined)) {
    if (parsed.flags['auto-approve'])
      throw new UsageError('--auto-approve is for workspace files: a saved plan is applied as it is');
    plans = saved.flat();
    session = await signIn(targetSite(env, plans[0]?.site), env, out, opts);
    for (const plan of plans) checkTarget(session, plan.file, plan);
  } else {
    const workspace = files[saved.indexOf(undefined)];
    if (saved.some((p) => p !== undefined))
      throw new UsageError('give either saved plans or workspace files, not both');
    if (!parsed.flags['auto-approve'])
      throw new CliError(
        `${workspace} is a workspace file, not a saved plan: run "infisical-azure plan ${files.join(' ')} --out plan.json", review it, then "infisical-azure apply plan.json"; or pass --auto-approve to plan and apply in one go`,
      );
    const loaded = loadConfigs(files, (line) => out.err(line));
    if (!loaded) return 1;
    ({ session, plans } = await planFiles(loaded, ctx, opts));
    out.out(plans.map((p) => renderPlanText(p, { color, verbose: opts.verbose })).join('\n'));
    out.out('\n');
  }

  const reports: ApplyReport[] = [];
  for (const plan of plans) {
    if (plans.length > 1) out.out(`Apply of ${plan.file}\n`);
    const report = await applyPlan(plan, {
      api: session.api,
      resolveSecret: async (ref) => {
        const value = env[ref.env];
        out.hide(value);
        return value;
      },
      allowAttach: parsed.flags.attach === true,
      concurrency: opts.concurrency,
    });
    reports.push(report);
    out.out(renderApplyText(report, { color }));
  }
  // A 200 that kept less than was sent is not applied: each such resource says why.
  const partial = reports.flatMap((r) => r.results).filter((r) => r.outcome === 'partial');
  for (const r of partial)
    out.err(
      `not applied: ${r.type === 'connection' ? 'connection' : 'Azure Auth of'} ${r.name}: ${r.message}`,
    );
  // An incomplete plan is applied as far as it goes (as a blocked resource is left out): a scope
  // that could not be read when planned had nothing planned, so nothing of it is sent.
  for (const plan of plans)
    for (const failure of failedScopes(plan)) {
      const n = plan.resources.filter((r) => r.notPlanned?.scope === failure.scope).length;
      out.err(
        `not applied: ${plan.file}: ${count(n, 'resource')} not planned (${failure.scope} could not be read when planned): plan again when the server answers, then apply`,
      );
    }
  const incomplete = reports.some((r) => r.counts.failed + r.counts.refused + r.counts.skipped > 0);
  return incomplete || partial.length > 0 || blockedIn(plans) ? 1 : 0;
}
