import { readFileSync, writeFileSync } from 'node:fs';
import {
  type ConfigFile,
  type ConfigProblem,
  lineCol,
  PLAN_FORMAT,
  type Plan,
  validateConfigText,
} from '../core/config';
import * as z from '../core/schemas/zod';
import { CliError } from './session';

/** What `plan --out` writes and `apply` reads: every file's plan, in the order given. */
export const PLANS_FORMAT = 'infisical-azure-plans/v1';

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new CliError(`cannot read ${path}: ${why}`);
  }
}

export function writeText(path: string, text: string, opts: { force?: boolean } = {}): void {
  try {
    writeFileSync(path, text, { flag: opts.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') throw new CliError(`${path} exists: pass --force to overwrite it`);
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

export type Severity = 'error' | 'warning';

/** `file:line:col: message` (a warning: `file:line:col: warning: message`), 1-based: the format editors and CI annotate. */
export function problemLines(
  path: string,
  text: string,
  problems: ConfigProblem[],
  severity: Severity = 'error',
): string[] {
  return problems.map((p) => {
    const { line, col } = lineCol(text, p.offset);
    return `${path}:${line}:${col}: ${severity === 'warning' ? 'warning: ' : ''}${p.message}`;
  });
}

/** How `validate` prints problems: `file:line:col: message`, or GitHub Actions annotations. */
export type ProblemFormat = 'text' | 'github';

// GitHub's workflow commands: a value escapes %, CR and LF; a property also : and ,.
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProperty = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One annotation (`::error file=…,line=…::message`); without a range, on the file. */
export function githubAnnotation(
  path: string,
  message: string,
  range?: { text: string; problem: ConfigProblem },
  severity: Severity = 'error',
): string {
  const props = [`file=${ghProperty(path)}`];
  if (range) {
    const { text, problem } = range;
    const start = lineCol(text, problem.offset);
    const end = lineCol(text, problem.offset + Math.max(problem.length, 1) - 1);
    props.push(`line=${start.line}`, `col=${start.col}`);
    if (end.line !== start.line) props.push(`endLine=${end.line}`);
    else props.push(`endColumn=${end.col}`);
    props.push(`title=${ghProperty(`infisical-azure: ${problem.rule}`)}`);
  } else props.push('title=infisical-azure');
  return `::${severity} ${props.join(',')}::${ghData(message)}`;
}

export function formatProblems(
  format: ProblemFormat,
  path: string,
  text: string,
  problems: ConfigProblem[],
  severity: Severity = 'error',
): string[] {
  return format === 'github'
    ? problems.map((problem) => githubAnnotation(path, problem.message, { text, problem }, severity))
    : problemLines(path, text, problems, severity);
}

export interface LoadedConfig {
  path: string;
  config: ConfigFile;
}

/** Reads and validates every file; problems are printed with `print` and leave undefined. */
export function loadConfigs(paths: string[], print: (line: string) => void): LoadedConfig[] | undefined {
  const loaded: LoadedConfig[] = [];
  let failed = false;
  for (const path of paths) {
    const text = readText(path);
    const result = validateConfigText(text);
    for (const line of problemLines(path, text, result.warnings, 'warning')) print(line);
    if (!result.config) {
      failed = true;
      for (const line of problemLines(path, text, result.problems)) print(line);
    } else loaded.push({ path, config: result.config });
  }
  return failed ? undefined : loaded;
}

const planShape = z.looseObject({
  format: z.literal(PLAN_FORMAT),
  file: z.string(),
  site: z.string(),
  organization: z.looseObject({ id: z.string(), name: z.optional(z.string()) }),
  replaceCredentials: z.union([z.literal('all'), z.array(z.string())]),
  resources: z.array(
    z.looseObject({
      type: z.enum(['azure-auth', 'connection']),
      index: z.number(),
      name: z.string(),
      action: z.enum(['none', 'update', 'attach', 'blocked']),
      changes: z.array(z.looseObject({ field: z.string() })),
      problems: z.array(z.looseObject({ message: z.string() })),
      notes: z.array(z.looseObject({ message: z.string() })),
    }),
  ),
});

const envelopeShape = z.looseObject({ format: z.literal(PLANS_FORMAT), plans: z.array(planShape) });

/** The plans a saved file holds, or undefined when it is not a saved plan (a workspace file). */
export function readPlans(path: string, text: string): Plan[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const format = (json as { format?: unknown })?.format;
  if (format !== PLANS_FORMAT && format !== PLAN_FORMAT) return undefined;
  const parsed = format === PLANS_FORMAT ? envelopeShape.safeParse(json) : planShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `${path} is not a plan this version can apply (${issue?.path.join('.') || 'the file'}: ${issue?.message}): plan again`,
    );
  }
  const data = parsed.data as unknown as { plans: Plan[] } | Plan;
  return 'plans' in data ? data.plans : [data];
}

export function plansText(plans: Plan[]): string {
  return `${JSON.stringify({ format: PLANS_FORMAT, plans }, null, 2)}\n`;
}
