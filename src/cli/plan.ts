import {
  type ConfigFile,
  hasChanges,
  type Plan,
  planConfig,
  renderPlanMarkdown,
  renderPlanText,
  targetMismatch,
} from '../core/config';
import {
  concurrencyFlag,
  listFlag,
  type Parsed,
  parseCommand,
  stringFlag,
  timeoutOption,
  UsageError,
} from './args';
import { type LoadedConfig, loadConfigs, plansText, writeText } from './files';
import { type Output, useColor } from './io';
import { CliError, checkedSite, envSite, orgFor, type Session, signIn } from './session';

export interface Context {
  out: Output;
  env: NodeJS.ProcessEnv;
  isTTY?: boolean;
}

/** The site to sign in to: the environment's, else the (first) file's; each file is checked against it. */
export function targetSite(env: NodeJS.ProcessEnv, fileSite: string | undefined): string {
  const fromEnv = envSite(env);
  if (fromEnv) return fromEnv;
  if (fileSite === undefined) throw new CliError('No site: set INFISICAL_API_URL');
  return checkedSite(fileSite, 'site');
}

/** Refuses a file of another site or organization: before any request about its resources. */
export function checkTarget(
  session: Session,
  path: string,
  target: Pick<ConfigFile, 'site' | 'organization'>,
): string {
  const org = orgFor(session, target.organization.id);
  const why = targetMismatch(target, { site: session.site, orgId: org?.id, orgName: org?.name });
  if (why) throw new CliError(`${path}: ${why}`);
  return org?.id as string;
}

export async function planFiles(
  loaded: LoadedConfig[],
  ctx: Context,
  opts: ReturnType<typeof planOptions>,
): Promise<{ session: Session; plans: Plan[] }> {
  const session = await signIn(targetSite(ctx.env, loaded[0]?.config.site), ctx.env, ctx.out, opts);
  const orgIds = loaded.map(({ path, config }) => checkTarget(session, path, config));
  const plans: Plan[] = [];
  for (const [i, { path, config }] of loaded.entries()) {
    plans.push(
      await planConfig(config, {
        api: session.api,
        file: path,
        orgId: orgIds[i] as string,
        replaceCredentials: opts.replace,
        concurrency: opts.concurrency,
      }),
    );
  }
  return { session, plans };
}

export function planOptions(parsed: Parsed, env: NodeJS.ProcessEnv) {
  return {
    replace: listFlag(parsed, 'replace-credentials') ?? [],
    concurrency: concurrencyFlag(parsed),
    verbose: parsed.flags.verbose === true,
    timeoutMs: timeoutOption(parsed, env),
  };
}

export const blockedIn = (plans: Plan[]) =>
  plans.some((p) => p.resources.some((r) => r.action === 'blocked'));

export async function planCommand(argv: string[], ctx: Context): Promise<number> {
  const parsed = parseCommand(
    'plan',
    argv,
    {
      out: 'string',
      json: 'boolean',
      markdown: 'boolean',
      'replace-credentials': 'string',
      verbose: 'boolean',
      concurrency: 'string',
      timeout: 'string',
    },
    ctx.out,
  );
  if (!parsed) return 0;
  const { out } = ctx;
  if (parsed.positionals.length === 0) throw new UsageError('plan needs at least one file');
  if (parsed.flags.json && parsed.flags.markdown)
    throw new UsageError('--json and --markdown exclude each other');
  const opts = planOptions(parsed, ctx.env);
  const loaded = loadConfigs(parsed.positionals, (line) => out.err(line));
  if (!loaded) return 1;
  const { plans } = await planFiles(loaded, ctx, opts);

  if (parsed.flags.json) out.out(plansText(plans));
  else if (parsed.flags.markdown) out.out(plans.map((p) => renderPlanMarkdown(p)).join('\n'));
  else {
    const color = useColor(ctx.env, ctx.isTTY);
    out.out(plans.map((p) => renderPlanText(p, { color, verbose: opts.verbose })).join('\n'));
  }
  const file = stringFlag(parsed, 'out');
  if (file) {
    writeText(file, out.clean(plansText(plans)), { force: true });
    out.err(
      `Saved ${plans.length === 1 ? 'the plan' : `${plans.length} plans`} to ${file}: apply it with "infisical-azure apply ${file}".`,
    );
  }
  if (blockedIn(plans)) return 1;
  return plans.some(hasChanges) ? 2 : 0;
}
