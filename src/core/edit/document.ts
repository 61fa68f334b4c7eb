import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { FieldIssue } from '../api/errors';
import {
  type AppConnection,
  type AzureMethod,
  isAzureMethod,
  SECRET_CREDENTIAL_FIELDS,
} from '../schemas/appConnection';
import type { IdentityAzureAuth } from '../schemas/azureAuth';
import { toAzureAuthEdit } from './azureAuthPatch';
import { toConnectionEdit } from './connectionPatch';

/**
 * The text of the JSONC documents the editor serves: a header that says what Ctrl+S does,
 * then exactly the editable fields, in a stable order.
 */

export const SAVE_NOTICE = '// Ctrl+S sends a PATCH to Infisical with only the fields you changed.';

export function renderAzureAuthDocument(
  server: IdentityAzureAuth,
  identityName: string,
  profile: string,
): string {
  const header = [
    `// Azure Auth of machine identity "${oneLine(identityName)}" (${server.identityId}), profile "${oneLine(profile)}".`,
    SAVE_NOTICE,
    '// Token TTL and Max TTL are always sent together. Delete a field to leave it unchanged.',
    '// Trusted IPs other than 0.0.0.0/0 and ::/0 need a paid Infisical plan.',
  ];
  return `${header.join('\n')}\n${JSON.stringify(toAzureAuthEdit(server), null, 2)}\n`;
}

export function renderConnectionDocument(server: AppConnection, profile: string): string {
  const method = server.method;
  const header = [
    `// Azure Client Secrets connection "${oneLine(server.name)}" (${method}, ${server.id}), profile "${oneLine(profile)}".`,
    SAVE_NOTICE,
  ];
  if (isAzureMethod(method)) header.push(secretHint(method));
  return `${header.join('\n')}\n${JSON.stringify(toConnectionEdit(server), null, 2)}\n`;
}

function secretHint(method: AzureMethod): string {
  if (method === 'oauth') {
    return '// OAuth connections are re-authorized in the Infisical web app; the credentials cannot change here.';
  }
  const secret = SECRET_CREDENTIAL_FIELDS[method];
  const fields = secret.map((f) => `"${f}"`).join(' and ');
  const verb = secret.length > 1 ? 'are' : 'is';
  return `// Write-only: ${fields} ${verb} never returned. Add ${fields} under "credentials" to replace the credentials.`;
}

/** Names and descriptions come from the server: keep them on their comment line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export interface TextRange {
  offset: number;
  length: number;
}

export interface ParsedDocument {
  value: unknown;
  root?: Node;
  syntaxErrors: (TextRange & { message: string })[];
}

/** Parses JSONC text (comments and trailing commas allowed), keeping positions. */
export function parseDocument(text: string): ParsedDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const syntaxErrors = errors.map((e) => ({
    offset: e.offset,
    length: e.length,
    message: printParseErrorCode(e.error),
  }));
  return { value: root ? nodeValue(root) : undefined, root, syntaxErrors };
}

/** Like jsonc-parser's getNodeValue, but a duplicate key is reported rather than silently won by the last. */
function nodeValue(node: Node): unknown {
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  if (node.type !== 'object') return node.value;
  const out: Record<string, unknown> = {};
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key && value) out[String(key.value)] = nodeValue(value);
  }
  return out;
}

/** Keys that appear twice in one object: JSON allows it, but a PATCH must not guess which one was meant. */
export function duplicateKeys(root: Node | undefined): (TextRange & { message: string })[] {
  const found: (TextRange & { message: string })[] = [];
  const visit = (node: Node) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name))
          found.push({ offset: key.offset, length: key.length, message: `"${name}" appears more than once` });
        seen.add(name);
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  if (root) visit(root);
  return found;
}

/**
 * Where in the text an issue belongs: the value at its path, the key for an unknown field, or
 * the nearest existing parent.
 */
export function locateIssue(root: Node | undefined, issue: FieldIssue): TextRange {
  if (!root) return { offset: 0, length: 0 };
  if (issue.code === 'unrecognized_keys') {
    const key = findNodeAtLocation(root, issue.path)?.parent?.children?.[0];
    if (key) return { offset: key.offset, length: key.length };
  }
  for (let depth = issue.path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(root, issue.path.slice(0, depth));
    if (node) {
      if (depth === issue.path.length) return { offset: node.offset, length: node.length };
      // The field is missing: point at the key of its parent property, or the object's first brace.
      const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return key ? { offset: key.offset, length: key.length } : { offset: node.offset, length: 1 };
    }
  }
  return { offset: root.offset, length: 1 };
}
