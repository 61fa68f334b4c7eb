import { findNodeAtLocation, type Node, parseTree } from 'jsonc-parser';
import {
  CREDENTIAL_FIELDS,
  type CredentialField,
  type CredentialKey,
  replaceableCredentials,
} from '../fields/credentials';
import { type AzureMethod, credentialsSchemas, SECRET_CREDENTIAL_FIELDS } from '../schemas/appConnection';
import type * as z from '../schemas/zod';

/**
 * Write-only credential values (a client secret, a certificate and its private key) never live
 * in a document's text: VS Code backs a dirty document up to disk within a second (hot exit),
 * outside SecretStorage. They are asked for in password boxes, held in memory per document and
 * merged into the edit only at the save. What stays in the text is an inert comment per held
 * field, which makes the document dirty (so Ctrl+S saves) and says what the save will send.
 */

/** Every write-only credential field of any method. */
export const WRITE_ONLY_FIELDS: readonly string[] = [
  ...new Set(Object.values(SECRET_CREDENTIAL_FIELDS).flat()),
];

/** Values the user gave for write-only fields, by field name. */
export type HeldValues = Readonly<Record<string, string>>;

/** How a person calls a write-only field. */
export function writeOnlyLabel(field: string): string {
  return credentialField(field)?.spoken ?? field;
}

/** The write-only fields "Replace credentials…" asks for; none for OAuth (re-authorized in the web app). */
export function replaceableFields(method: AzureMethod): readonly CredentialKey[] {
  return replaceableCredentials(method);
}

/** Whether a field's value is a secret (hidden while typed), not only write-only. */
export function isSecretValue(field: string): boolean {
  return !credentialField(field)?.notSecret;
}

const credentialField = (field: string): CredentialField | undefined =>
  (CREDENTIAL_FIELDS as Record<string, CredentialField>)[field];

/**
 * Checks one typed value with the same zod rule the save applies; returns what is wrong, or
 * undefined. The message never repeats the value.
 */
export function checkWriteOnly(method: AzureMethod, field: string, value: string): string | undefined {
  const schema = (credentialsSchemas[method] as unknown as { shape: Record<string, z.ZodMiniType> }).shape[
    field
  ];
  if (!schema) return `${field} is not a credential of ${method} connections`;
  const parsed = schema.safeParse(normalizeWriteOnly(field, value));
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/**
 * A PEM pasted into a one-line input box arrives without its line breaks: rebuilt as PEM
 * (header, base64 in lines of 64, footer). Anything else is only trimmed.
 */
export function normalizeWriteOnly(field: string, value: string): string {
  const trimmed = value.trim();
  if (credentialField(field)?.control !== 'pem') return trimmed;
  const pem = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/.exec(trimmed);
  if (!pem) return trimmed;
  const body = (pem[2] ?? '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${pem[1]}-----`, ...lines, `-----END ${pem[1]}-----`].join('\n');
}

/** The edit a save sends: the document's fields with the held write-only values under credentials. */
export function withHeldValues(edited: unknown, held: HeldValues | undefined): unknown {
  if (!held || Object.keys(held).length === 0) return edited;
  if (typeof edited !== 'object' || edited === null || Array.isArray(edited)) return edited;
  const fields = edited as Record<string, unknown>;
  const given = fields.credentials;
  const credentials = typeof given === 'object' && given !== null && !Array.isArray(given) ? given : {};
  return { ...fields, credentials: { ...credentials, ...held } };
}

export const WRITE_ONLY_MESSAGE =
  'is write-only: never typed into a document, which VS Code backs up to disk. Delete this line and use "Replace credentials…" (above "credentials"), which holds the value in memory until the save';

/** Write-only fields typed into the text: each one an error, and the save refuses the document. */
export function typedWriteOnly(root: Node | undefined): { offset: number; length: number; field: string }[] {
  const credentials = root ? findNodeAtLocation(root, ['credentials']) : undefined;
  if (credentials?.type !== 'object') return [];
  return (credentials.children ?? []).flatMap((prop) => {
    const key = prop.children?.[0];
    const field = String(key?.value);
    if (!key || !WRITE_ONLY_FIELDS.includes(field)) return [];
    return [{ offset: key.offset, length: prop.length, field }];
  });
}

/** The inert comment that stands in the text for a held value. */
export function heldMarker(field: string): string {
  return `// ${field}: new ${writeOnlyLabel(field)} held in memory (not in this text), sent on save`;
}

/**
 * Where to put the marker comments of `fields` so the document turns dirty: after the opening
 * brace of "credentials" (or of the document), one line each, skipping those already there.
 * Undefined when every marker is already in the text.
 */
export function markerInsertion(
  text: string,
  root: Node | undefined,
  fields: readonly string[],
): { offset: number; text: string } | undefined {
  const missing = fields.filter((f) => !text.includes(heldMarker(f)));
  if (missing.length === 0) return undefined;
  const credentials = root ? findNodeAtLocation(root, ['credentials']) : undefined;
  const object = credentials?.type === 'object' ? credentials : root?.type === 'object' ? root : undefined;
  const indent = object === credentials && credentials ? '    ' : '  ';
  const offset = object ? object.offset + 1 : text.length;
  const lines = missing.map((f) => `\n${indent}${heldMarker(f)}`).join('');
  return { offset, text: object ? lines : `${lines.trimStart()}\n` };
}

/** The marker comments in the text, last first: each with its field and the comment's own range. */
export function markers(text: string): { field: string; at: number; length: number }[] {
  const found: { field: string; at: number; length: number }[] = [];
  for (const field of WRITE_ONLY_FIELDS) {
    const marker = heldMarker(field);
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length))
      found.push({ field, at, length: marker.length });
  }
  return found.sort((a, b) => b.at - a.at);
}

/** The ranges of marker comments in the text, last first, each with its line break and indentation. */
export function markerRanges(text: string): { offset: number; length: number }[] {
  return markers(text).map(({ at, length }) => {
    const start = text.lastIndexOf('\n', at);
    const offset = start < 0 ? at : start;
    return { offset, length: at + length - offset };
  });
}

export const LOST_MARKER_MESSAGE =
  'The value this line stood for is no longer held (the window reloaded or the document was closed): use "Replace credentials…" again, or delete this line';

/** A write-only value written into a document's text: its field, the value and where its literal is. */
export interface WrittenValue {
  field: string;
  value: string;
  /** The string literal, quotes included. */
  offset: number;
  length: number;
}

/**
 * The write-only values of `fields` written as non-empty strings into "credentials" (typed or
 * pasted there). Other fields, and values that are not strings, stay for the diagnostics.
 */
export function writtenValues(text: string, fields: readonly string[]): WrittenValue[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const credentials = root ? findNodeAtLocation(root, ['credentials']) : undefined;
  if (credentials?.type !== 'object') return [];
  return (credentials.children ?? []).flatMap((prop) => {
    const [key, value] = prop.children ?? [];
    const field = String(key?.value);
    if (!fields.includes(field) || value?.type !== 'string' || !String(value.value).trim()) return [];
    return [{ field, value: String(value.value), offset: value.offset, length: value.length }];
  });
}

/**
 * The text with the written values of `taken` removed, each property with its line and the comma
 * that separated it, and a marker comment per field in their place (see `markerInsertion`).
 */
export function withoutWritten(text: string, taken: readonly WrittenValue[]): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const credentials = root ? findNodeAtLocation(root, ['credentials']) : undefined;
  if (!root || credentials?.type !== 'object') return text;
  const cuts = (credentials.children ?? [])
    .filter((prop) => taken.some((t) => t.offset === prop.children?.[1]?.offset))
    .map((prop) => propertyCut(text, prop.offset, prop.offset + prop.length));
  const marked = markerInsertion(
    text,
    root,
    taken.map((t) => t.field),
  );
  const edits = [
    ...cuts.map((c) => ({ ...c, text: '' })),
    ...(marked ? [{ ...marked, end: marked.offset }] : []),
  ];
  return (
    edits
      // Last first; at one offset the cut before the insertion, which would otherwise be cut.
      .sort((a, b) => b.offset - a.offset || b.end - a.end)
      .reduce((out, e) => out.slice(0, e.offset) + e.text + out.slice(e.end), text)
  );
}

/** The range to delete for one property: with its separating comma, and its line when it is alone there. */
function propertyCut(text: string, start: number, end: number): { offset: number; end: number } {
  let from = start;
  let to = end;
  let after = to;
  while (after < text.length && /[ \t]/.test(text[after] ?? '')) after++;
  if (text[after] === ',') to = after + 1;
  else {
    let before = from - 1;
    while (before >= 0 && /\s/.test(text[before] ?? '')) before--;
    if (text[before] === ',') from = before;
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = to;
  while (lineEnd < text.length && /[ \t]/.test(text[lineEnd] ?? '')) lineEnd++;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && from === start;
  if (alone && (text[lineEnd] === '\n' || lineEnd === text.length)) {
    from = lineStart > 0 ? lineStart - 1 : lineStart;
    to = lineEnd;
  }
  return { offset: from, end: to };
}
