import {
  findNodeAtLocation,
  getNodePath,
  type JSONPath,
  type Node,
  type ParseError,
  ParseErrorCode,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';
import type { FieldIssue } from '../api/errors';
import {
  type AppConnection,
  type AzureMethod,
  isAzureMethod,
  SECRET_CREDENTIAL_FIELDS,
} from '../schemas/appConnection';
import type { IdentityAzureAuth } from '../schemas/azureAuth';
import { escapeInvisible } from '../text';
import { toAzureAuthEdit } from './azureAuthPatch';
import { toConnectionEdit } from './connectionPatch';
import { typedWriteOnly, WRITE_ONLY_MESSAGE } from './writeOnly';

/**
 * The text of the JSONC documents the editor serves: a header that says what Ctrl+S does,
 * then exactly the editable fields, in a stable order.
 */

export const SAVE_NOTICE = '// Ctrl+S sends a PATCH to Infisical with only the fields you changed.';

/** How a workspace file writes the two lists, which the save accepts as well (see orAsInFile). */
export const WORKSPACE_FILE_SHAPES =
  '// A workspace file writes allowedServicePrincipalIds as ["<id>", …] and accessTokenTrustedIps as ["10.0.0.0/8", …]: both are accepted here too.';

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
    WORKSPACE_FILE_SHAPES,
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
  // Never invite typing them here: VS Code backs a dirty document up to disk.
  return `// Write-only: ${fields} ${verb} never returned and never typed here. To replace the credentials, use "Replace credentials…" above "credentials": it holds new values in memory until Ctrl+S.`;
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

/** jsonc-parser's error codes, as a person would say them. */
const SYNTAX_ERRORS: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected text',
  [ParseErrorCode.InvalidNumberFormat]: 'a malformed number',
  [ParseErrorCode.PropertyNameExpected]: 'a property name in double quotes is missing',
  [ParseErrorCode.ValueExpected]: 'a value is missing',
  [ParseErrorCode.ColonExpected]: 'a colon is missing',
  [ParseErrorCode.CommaExpected]: 'a comma is missing',
  [ParseErrorCode.CloseBraceExpected]: 'a closing brace } is missing',
  [ParseErrorCode.CloseBracketExpected]: 'a closing bracket ] is missing',
  [ParseErrorCode.EndOfFileExpected]: 'there is text after the end of the JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'a comment is not closed',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in this JSON file',
  [ParseErrorCode.UnexpectedEndOfString]: 'a string is not closed',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'a number is cut off',
  [ParseErrorCode.InvalidUnicode]: 'a \\u escape is not 4 hex digits',
  [ParseErrorCode.InvalidEscapeCharacter]: 'a backslash escape is not valid JSON',
  [ParseErrorCode.InvalidCharacter]: 'a string holds a raw control character (write it as a \\u escape)',
};

/**
 * Parses JSONC text (comments and trailing commas allowed), keeping positions; `strict` parses
 * plain JSON, as files other tools read must be.
 */
export function parseDocument(text: string, opts: { strict?: boolean } = {}): ParsedDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: !opts.strict, disallowComments: !!opts.strict });
  const syntaxErrors = errors.map((e) => ({
    offset: e.offset,
    length: e.length,
    message: SYNTAX_ERRORS[e.error] ?? printParseErrorCode(e.error),
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

/** A document of one resource holds a few fields: anything this large was pasted by mistake. */
export const MAX_DOCUMENT_CHARS = 256 * 1024;

export interface Problem extends TextRange {
  rule: 'size' | 'duplicate' | 'number' | 'write-only';
  message: string;
  /** The field the problem is about, when it is one. */
  path?: JSONPath;
}

/**
 * What JSON allows but a PATCH must not guess about, found in the text itself: a document too
 * large to be an edit, a key given twice (JSON readers keep the last one silently), a number
 * that would not arrive as written (Infinity, rounded beyond 2^53, underflowed to 0, -0), and a
 * write-only credential typed into the text (where VS Code's backups would keep it).
 */
export function documentProblems(text: string, root: Node | undefined): Problem[] {
  if (text.length > MAX_DOCUMENT_CHARS) return [tooLarge(text, root)];
  const writeOnly = typedWriteOnly(root).map(
    (t): Problem => ({
      rule: 'write-only',
      offset: t.offset,
      length: t.length,
      message: `credentials.${t.field} ${WRITE_ONLY_MESSAGE}`,
      path: ['credentials', t.field],
    }),
  );
  return [...writeOnly, ...duplicateKeys(root), ...numberProblems(text, root)];
}

function tooLarge(text: string, root: Node | undefined): Problem {
  const size = `${(text.length / 1024).toFixed(0)} KB`;
  const message = `The document is ${size}; a document of one resource is at most ${MAX_DOCUMENT_CHARS / 1024} KB. Remove what was pasted by mistake`;
  // Underline the key of the property that holds most of it, else the first brace.
  const biggest = (root?.type === 'object' ? (root.children ?? []) : []).reduce<Node | undefined>(
    (max, prop) => (!max || prop.length > max.length ? prop : max),
    undefined,
  );
  const key = biggest && biggest.length > text.length / 2 ? biggest.children?.[0] : undefined;
  if (key)
    return { rule: 'size', offset: key.offset, length: key.length, message, path: [String(key.value)] };
  return { rule: 'size', offset: root?.offset ?? 0, length: 1, message };
}

/** Keys that appear twice in one object: JSON allows it, but a PATCH must not guess which one was meant. */
export function duplicateKeys(root: Node | undefined): Problem[] {
  const found: Problem[] = [];
  const visit = (node: Node) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name))
          found.push({
            rule: 'duplicate',
            offset: key.offset,
            length: key.length,
            message: `"${escapeInvisible(name)}" appears more than once: keep one`,
            path: getNodePath(key),
          });
        seen.add(name);
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  if (root) visit(root);
  return found;
}

/**
 * Numbers whose value differs from what is written: the server would get something else.
 * `where` names a number's place (a workspace file names the resource it belongs to).
 */
export function numberProblems(
  text: string,
  root: Node | undefined,
  where: (path: JSONPath) => string = (path) => (path.length ? path.join('.') : 'the document'),
): Problem[] {
  const found: Problem[] = [];
  const visit = (node: Node) => {
    if (node.type === 'number') {
      const literal = text.slice(node.offset, node.offset + node.length);
      const why = numberProblem(literal, node.value as number);
      if (why) {
        const path = getNodePath(node);
        found.push({
          rule: 'number',
          offset: node.offset,
          length: node.length,
          message: `${where(path)}: ${why}`,
          path,
        });
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  if (root) visit(root);
  return found;
}

function numberProblem(literal: string, value: number): string | undefined {
  if (!Number.isFinite(value)) return `${literal} is too large for a number (it would be read as ${value})`;
  const mantissa = literal.split(/[eE]/)[0] ?? '';
  if (value === 0 && /[1-9]/.test(mantissa))
    return `${literal} is too small for a number (it would be read as 0)`;
  if (Object.is(value, -0)) return '-0 would be sent as 0: write 0';
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    const rounded = /^-?\d+$/.test(literal) && BigInt(literal) !== BigInt(value);
    return `${literal} is beyond ${Number.MAX_SAFE_INTEGER}, the largest whole number JSON holds exactly${rounded ? ` (it would be read as ${BigInt(value)})` : ''}`;
  }
  return undefined;
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
