import { HELP } from './help';

/** A small flag parser: `--name value`, `--name=value`, boolean `--name`, `--` ends the flags. */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type FlagSpec = Record<string, 'boolean' | 'string'>;

export interface Parsed {
  positionals: string[];
  flags: Record<string, string | true>;
}

export function parseArgs(command: string, argv: readonly string[], spec: FlagSpec): Parsed {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-')
        throw new UsageError(`unknown flag ${arg} for ${command} (see infisical-azure ${command} --help)`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind)
      throw new UsageError(`unknown flag --${name} for ${command} (see infisical-azure ${command} --help)`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value (see infisical-azure ${command} --help)`);
    flags[name] = value;
  }
  return { positionals, flags };
}

export function stringFlag(parsed: Parsed, name: string): string | undefined {
  const v = parsed.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--concurrency N`: requests in flight at most, 1–16 (default 4). */
export function concurrencyFlag(parsed: Parsed): number {
  const text = stringFlag(parsed, 'concurrency');
  if (text === undefined) return 4;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 16)
    throw new UsageError(`--concurrency must be a whole number from 1 to 16 (got "${text}")`);
  return n;
}

/** The environment variable `--timeout` overrides. */
export const TIMEOUT_ENV = 'INFISICAL_TIMEOUT';
const MAX_TIMEOUT_SECONDS = 300;

/**
 * How long a request waits for an answer, in ms: `--timeout <seconds>`, else INFISICAL_TIMEOUT,
 * else undefined (the client's 15 s). A whole number of seconds, 1–300 (the extension's bounds).
 */
export function timeoutOption(parsed: Parsed, env: NodeJS.ProcessEnv): number | undefined {
  const flag = stringFlag(parsed, 'timeout');
  const fromEnv = env[TIMEOUT_ENV]?.trim() || undefined;
  const text = flag ?? fromEnv;
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_TIMEOUT_SECONDS)
    throw new UsageError(
      `${flag !== undefined ? '--timeout' : TIMEOUT_ENV} must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS} (got "${text}")`,
    );
  return n * 1000;
}

/** `all`, or a comma-separated list. */
export function listFlag(parsed: Parsed, name: string): 'all' | string[] | undefined {
  const text = stringFlag(parsed, name);
  if (text === undefined) return undefined;
  if (text === 'all') return 'all';
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${name} needs "all" or a comma-separated list`);
  return items;
}

/**
 * A command's flags (`--help` and `-h` among them): undefined when `--help` was asked for, its
 * text then printed. Errors in the flags are said first, as for any other flag.
 */
export function parseCommand(
  command: string,
  argv: readonly string[],
  spec: FlagSpec,
  out: { out(text: string): void },
): Parsed | undefined {
  const parsed = parseArgs(command, argv, { help: 'boolean', ...spec });
  if (!parsed.flags.help) return parsed;
  out.out(HELP[command] as string);
  return undefined;
}
