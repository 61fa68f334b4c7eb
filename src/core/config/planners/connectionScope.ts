import type { AppConnection } from '../../schemas/appConnection';
import type { Project } from '../../schemas/project';
import { DEFAULT_CONCURRENCY, type PlanOptions, type ScopeFailure, scopeFailure } from '../planModel';
import { runPool } from '../pool';
import type { ConnectionDecl } from '../schema';

/** The connections a file's entries can name: one list per scope the file uses. */
export interface ConnectionScope {
  org: AppConnection[];
  projects: Map<string, { project: Project; connections: AppConnection[] }>;
  projectOf: (ref: string) => Project | undefined;
  /** Why an entry's scope could not be read (its list, or the project list to find it in), if so. */
  failureOf: (decl: ConnectionDecl) => ScopeFailure | undefined;
}

/** The project a `"project"` value names: its id, else its slug, else its name. */
export function projectNamed(projects: Project[], ref: string): Project | undefined {
  return (
    projects.find((p) => p.id === ref) ??
    projects.find((p) => p.slug === ref) ??
    projects.find((p) => p.name === ref)
  );
}

/**
 * Reads the list of each scope the entries use. A scope the server fails to answer for (a 503,
 * a timeout) is set aside with why: its entries are not planned, the other scopes' are.
 */
export async function listConnections(decls: ConnectionDecl[], opts: PlanOptions): Promise<ConnectionScope> {
  const call = { signal: opts.signal };
  const needOrg = decls.some((d) => !d.project);
  const projectRefs = [...new Set(decls.flatMap((d) => (d.project ? [d.project] : [])))];
  let projects: Project[] = [];
  let projectsFailed: ScopeFailure | undefined;
  const failed = new Map<string | undefined, ScopeFailure>();
  const settle = async <T>(
    scope: string,
    read: () => Promise<T>,
  ): Promise<{ ok: T } | { failure: ScopeFailure }> => {
    try {
      return { ok: await read() };
    } catch (error) {
      const failure = scopeFailure(scope, error);
      if (!failure) throw error;
      return { failure };
    }
  };
  if (projectRefs.length) {
    const read = await settle('the project list (each connection\'s "project" is found in it)', () =>
      opts.api.projects.list(call),
    );
    if ('ok' in read) projects = read.ok;
    else projectsFailed = read.failure;
  }
  const projectOf = (ref: string) => projectNamed(projects, ref);
  const wanted = [...new Set(projectRefs.map(projectOf).filter((p): p is Project => !!p))];
  // One list per scope, no more of them in flight than the plan's concurrency.
  const [org, ...perProject] = await runPool(
    [undefined, ...wanted],
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    async (p) => {
      if (!p && !needOrg) return [];
      const read = await settle(
        p
          ? `the Azure Client Secrets connections of project "${p.name}"`
          : "the organization's Azure Client Secrets connections",
        () => opts.api.connections.listAzureClientSecrets(p ? { ...call, projectId: p.id } : call),
      );
      if ('ok' in read) return read.ok;
      failed.set(p?.id, read.failure);
      return [];
    },
    opts.signal,
  );
  return {
    org: org ?? [],
    projects: new Map(wanted.map((p, i) => [p.id, { project: p, connections: perProject[i] ?? [] }])),
    projectOf,
    failureOf: (decl) =>
      decl.project
        ? (projectsFailed ?? failed.get(projectOf(decl.project)?.id ?? ''))
        : failed.get(undefined),
  };
}

/** Where else the file's lists hold a connection of that exact name: a wrong or missing "project". */
export function elsewhere(
  decl: ConnectionDecl,
  scope: ConnectionScope,
  project: Project | undefined,
): string {
  if (project && scope.org.some((c) => c.name === decl.name))
    return ' One is at organization level: remove "project".';
  for (const { project: p, connections } of scope.projects.values())
    if (p.id !== project?.id && connections.some((c) => c.name === decl.name))
      return ` One is in project "${p.name}": "project": ${JSON.stringify(p.slug ?? p.id)}.`;
  return '';
}
