import {
  findNodeAtLocation,
  findNodeAtOffset,
  getNodePath,
  type JSONPath,
  type Node,
  parseTree,
} from 'jsonc-parser';
import type { ConfigProblem } from './validate';

/**
 * A secret reference in a workspace file, `{ "env": "NAME" }`, where the cursor is; and what a
 * hover says about it (where the value comes from, never the value).
 */

export interface ReferenceAt {
  name: string;
  /** The credential it stands for (`clientSecret`, `privateKey`, …). */
  field: string;
  /** The connection's name, when the file gives one. */
  resource?: string;
  /** The `{ "env": … }` object. */
  at: { offset: number; length: number };
}

/**
 * The reference the offset is in (its braces, key or value), if any. `root`: the text's parse
 * tree when the caller has it already (code actions ask at every cursor move).
 */
export function referenceAt(
  text: string,
  offset: number,
  root: Node | undefined = parseTree(text),
): ReferenceAt | undefined {
  let node: Node | undefined = root && findNodeAtOffset(root, offset, true);
  while (node && node.type !== 'object') node = node.parent;
  if (!node || !root) return undefined;
  const path = getNodePath(node);
  if (path.length !== 4 || path[0] !== 'connections' || path[2] !== 'credentials') return undefined;
  const env = findNodeAtLocation(node, ['env']);
  if (env?.type !== 'string' || typeof env.value !== 'string' || !env.value) return undefined;
  const name = findNodeAtLocation(root, ['connections', path[1] as number, 'name'])?.value;
  return {
    name: env.value,
    field: String(path[3]),
    resource: typeof name === 'string' ? name : undefined,
    at: { offset: node.offset, length: node.length },
  };
}

/** Where plan and apply in VS Code take a reference's value from, in their order. */
export interface ReferenceSource {
  environment: boolean;
  stored: boolean;
}

export function referenceHover(ref: ReferenceAt, source: ReferenceSource): string {
  const head = `**\`${ref.name}\`** stands for the ${ref.field}${ref.resource ? ` of "${ref.resource}"` : ''}: the file never holds the value.`;
  const here = source.environment
    ? `Here it comes from VS Code's environment (set when VS Code started), which plan and apply read first${source.stored ? "; the value VS Code's SecretStorage also keeps for it is not used" : ''}.`
    : source.stored
      ? "Here it comes from VS Code's SecretStorage (kept when it was asked for, or moved out of the file). Ctrl+. replaces or forgets it."
      : "Not set here: a plan replacing these credentials asks for it once and keeps it in VS Code's SecretStorage (Ctrl+. sets it now).";
  return [head, here, `In CI, \`infisical-azure\` reads the environment variable \`${ref.name}\`.`].join(
    '\n\n',
  );
}

/** A write-only value written into a workspace file as text: where its literal is and the name suggested for it. */
export interface WrittenSecret {
  path: JSONPath;
  field: string;
  value: string;
  /** The string literal, quotes included. */
  offset: number;
  length: number;
  /** The reference name the file's check suggests (`PROD_ENTRA_GRAPH_CLIENT_SECRET`). */
  suggested: string;
}

/**
 * The secrets written as non-empty strings into connections' credentials: what the check calls
 * an inline secret and can suggest a reference for (an OAuth code has none: it stays an error).
 */
export function writtenSecrets(text: string, problems: readonly ConfigProblem[]): WrittenSecret[] {
  return problems.flatMap((p) => {
    if (p.rule !== 'inline-secret' || !p.reference || !p.path || text[p.offset] !== '"') return [];
    const value: unknown = JSON.parse(text.slice(p.offset, p.offset + p.length));
    if (typeof value !== 'string' || !value.trim()) return [];
    const field = String(p.path[p.path.length - 1]);
    return [{ path: p.path, field, value, offset: p.offset, length: p.length, suggested: p.reference }];
  });
}

/** The text with each secret's literal replaced by its reference, `{ "env": "NAME" }`. */
export function withReferences(
  text: string,
  named: readonly { offset: number; length: number; name: string }[],
): string {
  return [...named]
    .sort((a, b) => b.offset - a.offset)
    .reduce(
      (out, n) =>
        `${out.slice(0, n.offset)}{ "env": ${JSON.stringify(n.name)} }${out.slice(n.offset + n.length)}`,
      text,
    );
}
