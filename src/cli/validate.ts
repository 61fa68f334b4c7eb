import { validateConfigText } from '../core/config';
import { count } from '../core/text';
import { parseCommand, UsageError } from './args';
import { formatProblems, githubAnnotation, type ProblemFormat, readText } from './files';
import type { Output } from './io';
import { CliError } from './session';

export async function validateCommand(argv: string[], out: Output): Promise<number> {
  const parsed = parseCommand('validate', argv, { format: 'string' }, out);
  if (!parsed) return 0;
  const format = parsed.flags.format ?? 'text';
  if (format !== 'text' && format !== 'github')
    throw new UsageError(`--format must be "text" or "github" (got "${format}")`);
  // A hook or workflow runs `validate $(git ls-files '*.infisical-azure.json')`: in a repository
  // without workspace files yet (or after the last one is deleted) that is no file, not a mistake.
  if (parsed.positionals.length === 0) {
    out.err('infisical-azure: no workspace files given: nothing to validate');
    return 0;
  }
  let failed = false;
  for (const path of parsed.positionals) {
    let text: string;
    try {
      text = readText(path);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      out.err(`infisical-azure: ${error.message}`);
      if (format === 'github') out.out(`${githubAnnotation(path, error.message)}\n`);
      failed = true;
      continue;
    }
    const result = validateConfigText(text);
    const warnings = formatProblems(format as ProblemFormat, path, text, result.warnings, 'warning');
    if (warnings.length) out.out(`${warnings.join('\n')}\n`);
    if (result.config) {
      const { identities = [], connections = [] } = result.config;
      out.err(
        `${path}: ok (${count(identities.length, 'identity', 'identities')}, ${count(connections.length, 'connection')}${warnings.length ? `; ${count(warnings.length, 'warning')}` : ''})`,
      );
      continue;
    }
    failed = true;
    out.out(`${formatProblems(format as ProblemFormat, path, text, result.problems).join('\n')}\n`);
  }
  return failed ? 1 : 0;
}
