import { findNodeAtLocation, getLocation, type Node, parseTree } from 'jsonc-parser';
import type { InfisicalApi } from '../api';
import { projectNamed } from './plan';

/**
 * Completion of what only the server knows, in a workspace file: the names and ids of the
 * organization's identities and Azure Client Secrets connections, and its projects. The JSON
 * Schema completes the fields; this completes the values that refer to resources, so a name is
 * picked, not typed (a typo is an "unknown name" only a plan would find).
 */

export type CompletionField = 'name' | 'id' | 'project';

export interface CompletionTarget {
  section: 'identities' | 'connections';
  field: CompletionField;
  /** The entry's index in its list. */
  index: number;
  /** What the edit replaces: the string's contents, or an empty range where a value goes. */
  replace: { offset: number; length: number };
  /** Whether the value is already inside quotes (else the completion writes them). */
  quoted: boolean;
  /** What is typed before the cursor, inside the quotes. */
  typed: string;
  /** The entry's other fields as the file has them (to rank and to scope). */
  entry: { name?: string; id?: string; project?: string };
  /** Names and ids the file already declares in this section. */
  declared: { names: Set<string>; ids: Set<string> };
  /** The file's own site and organization id, when written. */
  site?: string;
  orgId?: string;
}

const FIELDS: Record<CompletionTarget['section'], CompletionField[]> = {
  identities: ['name', 'id'],
  connections: ['name', 'id', 'project'],
};

const stringAt = (root: Node | undefined, path: (string | number)[]): string | undefined => {
  const node = root && findNodeAtLocation(root, path);
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
};

/** Where the cursor is, if it is on a value this completion knows; else undefined. */
export function completionTarget(text: string, offset: number): CompletionTarget | undefined {
  const location = getLocation(text, offset);
  if (location.isAtPropertyKey || location.path.length !== 3) return undefined;
  const [section, index, field] = location.path;
  if (section !== 'identities' && section !== 'connections') return undefined;
  if (typeof index !== 'number' || typeof field !== 'string') return undefined;
  if (!(FIELDS[section] as string[]).includes(field)) return undefined;
  const node = location.previousNode;
  let replace: CompletionTarget['replace'];
  let quoted = false;
  if (node?.type === 'string') {
    const closed = node.length >= 2 && text[node.offset + node.length - 1] === '"';
    const start = node.offset + 1;
    const end = closed ? node.offset + node.length - 1 : node.offset + node.length;
    if (offset < start || offset > end) return undefined;
    replace = { offset: start, length: end - start };
    quoted = true;
  } else if (node === undefined) {
    // After the colon, before any value: only where nothing but blanks precede up to the colon.
    if (!/:\s*$/.test(text.slice(Math.max(0, offset - 200), offset))) return undefined;
    replace = { offset, length: 0 };
  } else return undefined; // a number, true, an object: not ours to complete
  const root = parseTree(text);
  const entries = root && findNodeAtLocation(root, [section]);
  const declared = { names: new Set<string>(), ids: new Set<string>() };
  for (const [i, child] of (entries?.type === 'array' ? (entries.children ?? []) : []).entries()) {
    if (i === index) continue;
    const name = stringAt(child, ['name']);
    const id = stringAt(child, ['id']);
    if (name) declared.names.add(name);
    if (id) declared.ids.add(id.trim().toLowerCase());
  }
  const own = (key: CompletionField) => (key === field ? undefined : stringAt(root, [section, index, key]));
  return {
    section,
    field: field as CompletionField,
    index,
    replace,
    quoted,
    typed: quoted ? text.slice(replace.offset, offset) : '',
    entry: { name: own('name'), id: own('id'), project: own('project') },
    declared,
    site: stringAt(root, ['site']),
    orgId: stringAt(root, ['organization', 'id']),
  };
}

/** One value the server offers. */
export interface Candidate {
  /** What is written into the file. */
  value: string;
  /** What it is, in a few words ("identity with Azure Auth", the name for an id). */
  detail: string;
  /** The resource's name and id, for the tooltip. */
  name: string;
  id: string;
  /** Declared elsewhere in this file already. */
  declared: boolean;
  /** The name the entry already has (an id completion) or the id it pins (a name completion). */
  matchesEntry: boolean;
  /** Ranks first: identities with Azure Auth, connections of the right scope. */
  preferred: boolean;
}

export interface Candidates {
  items: Candidate[];
  /** The server has more than were read: ask again as more is typed. */
  incomplete: boolean;
  /** Why nothing fits, when it is not obvious (an unknown project). */
  note?: string;
}

export interface CandidateOptions {
  api: InfisicalApi;
  orgId: string;
  signal?: AbortSignal;
  /** Identities read per search (the server searches by name). */
  limit?: number;
}

export const COMPLETION_LIMIT = 100;

/** What the server offers at the target: one or two requests, never a whole organization of identities. */
export async function serverCandidates(
  target: CompletionTarget,
  opts: CandidateOptions,
): Promise<Candidates> {
  const call = { signal: opts.signal };
  const declaredName = (name: string) => target.declared.names.has(name);
  const declaredId = (id: string) => target.declared.ids.has(id.toLowerCase());
  if (target.field === 'project') {
    const projects = await opts.api.projects.list(call);
    return {
      incomplete: false,
      items: projects.map((p) => ({
        value: p.slug ?? p.id,
        detail: p.name,
        name: p.name,
        id: p.id,
        declared: false,
        matchesEntry: false,
        preferred: true,
      })),
    };
  }
  const byName = target.field === 'name';
  const pick = (r: { name: string; id: string }, detail: string, preferred: boolean): Candidate => ({
    value: byName ? r.name : r.id,
    detail: byName ? detail : `${r.name} · ${detail}`,
    name: r.name,
    id: r.id,
    declared: byName ? declaredName(r.name) : declaredId(r.id),
    matchesEntry: byName
      ? !!target.entry.id && target.entry.id.trim().toLowerCase() === r.id.toLowerCase()
      : target.entry.name === r.name,
    preferred,
  });
  if (target.section === 'identities') {
    // The server searches names; an id is completed among the entry's name's matches.
    const search = byName ? target.typed : (target.entry.name ?? '');
    const limit = opts.limit ?? COMPLETION_LIMIT;
    const page = await opts.api.identities.listPage(opts.orgId, { search, limit, signal: opts.signal });
    const items = page.identityMemberships.map((m) => {
      const azure = (m.identity.authMethods ?? []).includes('azure-auth');
      return pick(
        m.identity,
        azure ? 'identity with Azure Auth' : 'identity without Azure Auth (a plan offers to attach it)',
        azure,
      );
    });
    const total = page.totalCount ?? page.received;
    return { items, incomplete: page.received >= limit || total > page.received };
  }
  let projectId: string | undefined;
  let where = 'organization';
  if (target.entry.project) {
    const project = projectNamed(await opts.api.projects.list(call), target.entry.project);
    if (!project)
      return {
        items: [],
        incomplete: false,
        note: `no project "${target.entry.project}" is visible to these credentials`,
      };
    projectId = project.id;
    where = `project ${project.name}`;
  }
  const connections = await opts.api.connections.listAzureClientSecrets({ ...call, projectId });
  return {
    incomplete: false,
    items: connections.map((c) => pick(c, `Azure Client Secrets connection (${c.method}) · ${where}`, true)),
  };
}
