import { redact } from '../core/api/errors';

/**
 * Where the CLI writes. Every line passes through `redact` with every secret the process has
 * held (the access token, the client secret, each value a reference resolved to): a server that
 * echoed one back would still not get it printed.
 */
export class Output {
  private readonly secrets = new Set<string>();

  constructor(
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Remembers a value that must never be printed. */
  hide(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  clean(text: string): string {
    return redact(text, [...this.secrets]);
  }

  out(text: string): void {
    this.stdout.write(this.clean(text));
  }

  err(line: string): void {
    this.stderr.write(`${this.clean(line)}\n`);
  }
}

/** Colours on stdout: a terminal, unless NO_COLOR is set; FORCE_COLOR forces them. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY === true;
}
