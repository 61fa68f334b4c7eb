import { existsSync } from 'node:fs';
import { type PullSelection, pullResources, renderConfigFile } from '../core/config';
import { count } from '../core/text';
import { concurrencyFlag, listFlag, parseCommand, stringFlag, timeoutOption } from './args';
import { writeText } from './files';
import type { Context } from './plan';
import { CliError, ENV, envSite, signIn } from './session';

export async function pullCommand(argv: string[], ctx: Context): Promise<number> {
  const parsed = parseCommand(
    'pull',
    argv,
    {
      out: 'string',
      force: 'boolean',
      identities: 'string',
      connections: 'string',
      organization: 'string',
      verbose: 'boolean',
      concurrency: 'string',
      timeout: 'string',
    },
    ctx.out,
  );
  if (!parsed) return 0;
  const { out, env } = ctx;
  if (parsed.positionals.length)
    throw new CliError(`pull takes no files (got ${parsed.positionals[0]}): use --out`);
  const file = stringFlag(parsed, 'out');
  const force = parsed.flags.force === true;
  if (file && existsSync(file) && !force) throw new CliError(`${file} exists: pass --force to overwrite it`);
  const concurrency = concurrencyFlag(parsed);
  const timeoutMs = timeoutOption(parsed, env);
  const identities = listFlag(parsed, 'identities');
  const connections = listFlag(parsed, 'connections');
  const selection: PullSelection =
    identities || connections ? { identities, connections } : { identities: 'all', connections: 'all' };

  const site = envSite(env);
  if (!site) throw new CliError(`pull needs the site: set ${ENV.site} (e.g. https://eu.infisical.com)`);
  const session = await signIn(site, env, out, { verbose: parsed.flags.verbose === true, timeoutMs });
  const wanted = stringFlag(parsed, 'organization');
  const org = wanted
    ? session.orgs.find((o) => o.id === wanted)
    : session.orgs.length === 1
      ? session.orgs[0]
      : undefined;
  if (!org)
    throw new CliError(
      wanted
        ? `These credentials are not for organization ${wanted} (they are for ${session.orgs.map((o) => `${o.name} ${o.id}`).join(', ') || 'none'})`
        : `These credentials belong to several organizations (${session.orgs.map((o) => `${o.name} ${o.id}`).join(', ')}): choose one with --organization <id>`,
    );

  const pulled = await pullResources(selection, { api: session.api, orgId: org.id, concurrency });
  // A server without /identities/details cannot name an identity's organization: id only.
  const name = org.name === org.id ? undefined : org.name;
  const text = out.clean(renderConfigFile({ site, organization: { id: org.id, name } }, pulled));
  if (file) writeText(file, text, { force });
  else out.out(text);
  for (const skipped of pulled.skipped) out.err(`not pulled: ${skipped}`);
  out.err(
    `${file ? `Wrote ${file}` : 'Pulled'}: ${count(pulled.identities.length, "identity's", "identities'")} Azure Auth, ${count(pulled.connections.length, 'connection')} (no secret is ever written).`,
  );
  return pulled.skipped.length ? 1 : 0;
}
