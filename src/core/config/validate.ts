import { findNodeAtLocation, type JSONPath, type Node } from 'jsonc-parser';
import { duplicateKeys, locateIssue, numberProblems, parseDocument, type TextRange } from '../edit/document';
import { parseDuration } from '../edit/duration';
import { toFieldIssues } from '../edit/issues';
import { WRITE_ONLY_FIELDS } from '../edit/writeOnly';
import { azureAuthWarning, GUID_WARNING_FIELDS, ttlOverMaxMessage, ttlWithinMax } from '../fields/azureAuth';
import { keysAt } from '../schemas/keys';
import { referenceName } from './names';
import { placeOf } from './places';
import { type ConfigFile, configFileSchema } from './schema';
import { didYouMean, similarNames } from './suggest';

/**
 * Everything that can be said about a workspace file without the network: JSON syntax, the
 * schema and every client-side rule, secrets written into the file, resources declared twice.
 * The extension's live diagnostics and the CLI's `validate` both print these.
 */

export type ConfigRule =
  | 'syntax'
  | 'size'
  | 'schema'
  | 'duplicate-key'
  | 'number'
  | 'inline-secret'
  | 'ttl'
  | 'duplicate-resource'
  | 'guid-case';

export interface ConfigProblem extends TextRange {
  rule: ConfigRule;
  message: string;
  path?: JSONPath;
  /** For a secret written into the file: the name its reference could take (`{ "env": … }`). */
  reference?: string;
}

export interface ValidatedConfig {
  /** The file's declarations, when it has no problem. */
  config?: ConfigFile;
  problems: ConfigProblem[];
  /** What is accepted but likely wrong (never stops a plan): GUIDs logins would not match. */
  warnings: ConfigProblem[];
  root?: Node;
}

/** 1,000s of resources fit in well under this; anything larger was not written by a person. */
export const MAX_CONFIG_CHARS = 16 * 1024 * 1024;

export function validateConfigText(text: string): ValidatedConfig {
  const result = configProblems(text);
  return { ...result, warnings: result.root ? guidCaseWarnings(result.root) : [] };
}

function configProblems(text: string): Omit<ValidatedConfig, 'warnings'> {
  if (text.length > MAX_CONFIG_CHARS) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return {
      problems: [
        {
          rule: 'size',
          offset: 0,
          length: 1,
          message: `The file is ${mb} MB; at most ${MAX_CONFIG_CHARS / 1024 / 1024} MB is read`,
        },
      ],
    };
  }
  const parsed = parseDocument(text, { strict: true });
  const root = parsed.root;
  const problems = syntaxProblems(text, parsed.syntaxErrors);
  if (!root) return { problems, root };
  problems.push(
    ...duplicateKeys(root).map((p): ConfigProblem => ({ ...p, rule: 'duplicate-key' })),
    ...numberProblems(text, root, (path) => placeOf(root, path)).map(
      (p): ConfigProblem => ({ ...p, rule: 'number' }),
    ),
  );
  const secrets = inlineSecrets(root);
  problems.push(...secrets);
  const secretPaths = new Set(secrets.map((s) => JSON.stringify(s.path)));
  const result = configFileSchema.safeParse(parsed.value);
  if (!result.success) {
    for (const issue of toFieldIssues(result.error)) {
      if (secretPaths.has(JSON.stringify(issue.path))) continue;
      problems.push({
        rule: 'schema',
        ...locateIssue(root, issue),
        message: issue.code === 'unrecognized_keys' ? unknownKeyMessage(root, issue) : issue.message,
        path: issue.path,
      });
    }
    problems.push(...ttlProblems(root, parsed.value));
    return { problems: sortProblems(problems), root };
  }
  const config = result.data;
  problems.push(...ttlProblems(root, parsed.value), ...duplicateResources(root, config));
  return problems.length ? { problems: sortProblems(problems), root } : { config, problems, root };
}

/**
 * A key the schema does not have, with the keys of that object a typo explains: only another
 * case of the key when there is one, and never a key the object already has.
 */
function unknownKeyMessage(root: Node, issue: { path: (string | number)[]; message: string }): string {
  const key = issue.path.at(-1);
  const parent = issue.path.slice(0, -1);
  if (typeof key !== 'string') return issue.message;
  const keys = keysAt(configFileSchema, parent);
  const sameCase = keys.filter((k) => k.toLowerCase() === key.toLowerCase());
  const written = new Set(
    (findNodeAtLocation(root, parent)?.children ?? []).map((prop) => String(prop.children?.[0]?.value)),
  );
  const similar = similarNames(key, sameCase.length ? sameCase : keys).filter((k) => !written.has(k));
  return similar.length ? `${issue.message}.${didYouMean(similar)}` : issue.message;
}

/**
 * The parser's errors, a trailing comma said once at the comma (the parser reports a missing
 * property name and a missing value at the closing bracket, which reads as something to add).
 */
function syntaxProblems(text: string, errors: { offset: number; length: number; message: string }[]) {
  const problems: ConfigProblem[] = [];
  const commas = new Set<number>();
  for (const e of errors) {
    const comma = trailingComma(text, e.offset);
    if (comma === undefined)
      problems.push({
        rule: 'syntax',
        offset: e.offset,
        length: Math.max(1, e.length),
        message: `JSON syntax: ${e.message}`,
      });
    else if (!commas.has(comma)) {
      commas.add(comma);
      problems.push({
        rule: 'syntax',
        offset: comma,
        length: 1,
        message: 'JSON syntax: a trailing comma is not allowed (this file is plain JSON): remove the comma',
      });
    }
  }
  return problems;
}

/** The offset of the comma just before the closing bracket at `offset`, if there is one. */
function trailingComma(text: string, offset: number): number | undefined {
  if (text[offset] !== '}' && text[offset] !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
  return text[i] === ',' ? i : undefined;
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.sort((a, b) => a.offset - b.offset);
}

const at = (node: Node | undefined, fallback: Node): TextRange =>
  node ? { offset: node.offset, length: node.length } : { offset: fallback.offset, length: 1 };

/** A write-only credential given as text: the secret itself is in the file. */
function inlineSecrets(root: Node): ConfigProblem[] {
  const connections = findNodeAtLocation(root, ['connections']);
  if (connections?.type !== 'array') return [];
  return (connections.children ?? []).flatMap((entry, index) => {
    const name = findNodeAtLocation(entry, ['name'])?.value;
    const credentials = entry.type === 'object' ? findNodeAtLocation(entry, ['credentials']) : undefined;
    if (credentials?.type !== 'object') return [];
    return (credentials.children ?? []).flatMap((prop): ConfigProblem[] => {
      const [key, value] = prop.children ?? [];
      const field = String(key?.value);
      if (!key || !value || !WRITE_ONLY_FIELDS.includes(field)) return [];
      if (value.type === 'object') return [];
      const path = ['connections', index, 'credentials', field];
      const where = placeOf(root, path);
      if (field === 'code')
        return [
          {
            rule: 'inline-secret',
            ...at(value, prop),
            path,
            message: `${where} is an OAuth code: OAuth connections are re-authorized in the Infisical web app, never from a file`,
          },
        ];
      const reference = referenceName(typeof name === 'string' ? name : undefined, field);
      return [
        {
          rule: 'inline-secret',
          ...at(value, prop),
          path,
          reference,
          message: `${where} is written into the file: a secret must never be in a file (git keeps it forever). Use a reference such as { "env": "${reference}" } and remove the value (rotate it if it was committed)`,
        },
      ];
    });
  });
}

/** Values the server accepts but that are likely wrong (the field table's warnings), each list entry alone. */
function guidCaseWarnings(root: Node): ConfigProblem[] {
  const identities = findNodeAtLocation(root, ['identities']);
  if (identities?.type !== 'array') return [];
  return (identities.children ?? []).flatMap((_, index): ConfigProblem[] =>
    GUID_WARNING_FIELDS.flatMap((field) => {
      const path: JSONPath = ['identities', index, 'azureAuth', field];
      const node = findNodeAtLocation(root, path);
      const entries: [Node, JSONPath][] =
        node?.type === 'array'
          ? (node.children ?? []).map((n, i) => [n, [...path, i]])
          : node
            ? [[node, path]]
            : [];
      return entries.flatMap(([n, at]): ConfigProblem[] => {
        const message = azureAuthWarning(field, n.value);
        return message ? [{ rule: 'guid-case', offset: n.offset, length: n.length, path: at, message }] : [];
      });
    }),
  );
}

function ttlProblems(root: Node, value: unknown): ConfigProblem[] {
  const identities = (value as { identities?: unknown })?.identities;
  if (!Array.isArray(identities)) return [];
  return identities.flatMap((entry, index): ConfigProblem[] => {
    const auth = (entry as { azureAuth?: Record<string, unknown> })?.azureAuth;
    const ttl = seconds(auth?.accessTokenTTL);
    const max = seconds(auth?.accessTokenMaxTTL);
    if (ttl === undefined || max === undefined || ttlWithinMax(ttl, max)) return [];
    const path = ['identities', index, 'azureAuth', 'accessTokenTTL'];
    const node = findNodeAtLocation(root, path);
    return [
      {
        rule: 'ttl',
        ...at(node, root),
        path,
        message: ttlOverMaxMessage(ttl, max),
      },
    ];
  });
}

function seconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  return typeof value === 'string' ? parseDuration(value) : undefined;
}

/** The key a declaration is found by: its pinned id, else its name (and project). */
export function identityKey(decl: { id?: string; name: string }): string {
  return decl.id ? `id:${decl.id.toLowerCase()}` : `name:${decl.name}`;
}
export function connectionKey(decl: { id?: string; name: string; project?: string }): string {
  return decl.id ? `id:${decl.id.toLowerCase()}` : `name:${decl.project ?? ''}/${decl.name}`;
}

function duplicateResources(root: Node, config: ConfigFile): ConfigProblem[] {
  const found: ConfigProblem[] = [];
  const check = <T extends { name: string }>(
    list: T[] | undefined,
    section: 'identities' | 'connections',
    key: (d: T) => string,
    what: string,
  ) => {
    const first = new Map<string, number>();
    (list ?? []).forEach((decl, index) => {
      const k = key(decl);
      const earlier = first.get(k);
      if (earlier === undefined) {
        first.set(k, index);
        return;
      }
      const path = [section, index, k.startsWith('id:') ? 'id' : 'name'];
      found.push({
        rule: 'duplicate-resource',
        ...at(findNodeAtLocation(root, path), root),
        path,
        message: `${what} "${decl.name}" is declared twice (also ${section}[${earlier}]): keep one, or pin each with its own "id"`,
      });
    });
  };
  check(config.identities, 'identities', identityKey, 'The identity');
  check(config.connections, 'connections', connectionKey, 'The connection');
  return found;
}

/** 1-based line and column of an offset, as `file:line:col` needs them. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
