import { InfisicalError } from '../core/api/errors';
import { applyCommand } from './apply';
import { UsageError } from './args';
import { HELP } from './help';
import { Output } from './io';
import type { Context } from './plan';
import { planCommand } from './plan';
import { pullCommand } from './pull';
import { CliError } from './session';
import { validateCommand } from './validate';

/**
 * `infisical-azure`: the workspace files' validate, plan, apply and pull from a terminal or a CI
 * job, a thin shell over src/core/config (the same validation, plan, apply and renderer as the
 * extension). Exit codes: 0 ok / no changes, 2 changes (plan), 1 any error.
 */

const COMMANDS: Record<string, (argv: string[], ctx: Context) => Promise<number>> = {
  validate: (argv, ctx) => validateCommand(argv, ctx.out),
  plan: planCommand,
  apply: applyCommand,
  pull: pullCommand,
};

/** Written into the bundle by esbuild.mjs (`define`); absent when these modules run unbundled. */
declare const CLI_BUILD: { version: string; commit: string } | undefined;

export function versionLine(): string {
  const build = typeof CLI_BUILD === 'object' ? CLI_BUILD : { version: 'unknown', commit: 'unknown' };
  return `infisical-azure ${build.version} (commit ${build.commit})\n`;
}

export async function run(argv: string[], ctx: Context): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    ctx.out.out(versionLine());
    return 0;
  }
  if (command === undefined) {
    ctx.out.err(HELP.main as string);
    return 1;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    ctx.out.out(HELP.main as string);
    return 0;
  }
  const handler = COMMANDS[command];
  if (!handler)
    throw new UsageError(
      `unknown ${command.startsWith('-') ? 'flag' : 'command'} "${command}": use validate, plan, apply or pull (see infisical-azure --help)`,
    );
  return handler(rest, ctx);
}

async function main(): Promise<void> {
  const out = new Output();
  const ctx: Context = { out, env: process.env, isTTY: process.stdout.isTTY };
  try {
    process.exitCode = await run(process.argv.slice(2), ctx);
  } catch (error) {
    if (error instanceof UsageError || error instanceof CliError || InfisicalError.is(error))
      out.err(`infisical-azure: ${error.message}`);
    else
      out.err(
        `infisical-azure: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    process.exitCode = 1;
  }
}

void main();
