import type { AppConnection } from '../../schemas/appConnection';
import type { Project } from '../../schemas/project';
import { DEFAULT_CONCURRENCY, type PlanOptions } from '../planModel';
import { runPool } from '../pool';
import type { ConnectionDecl } from '../schema';

/** The connections a file's entries can name: one list per scope the file uses. */
export interface ConnectionScope {
  org: AppConnection[];
  projects: Map<string, { project: Project; connections: AppConnection[] }>;
  projectOf: (ref: string) => Project | undefined;
}

/** The project a `"project"` value names: its id, else its slug, else its name. */
export function projectNamed(projects: Project[], ref: string): Project | undefined {
  return (
    projects.find((p) => p.id === ref) ??
    projects.find((p) => p.slug === ref) ??
    projects.find((p) => p.name === ref)
  );
}

export async function listConnections(decls: ConnectionDecl[], opts: PlanOptions): Promise<ConnectionScope> {
  const call = { signal: opts.signal };
  const needOrg = decls.some((d) => !d.project);
  const projectRefs = [...new Set(decls.flatMap((d) => (d.project ? [d.project] : [])))];
  const projects = projectRefs.length ? await opts.api.projects.list(call) : [];
  const projectOf = (ref: string) => projectNamed(projects, ref);
  const wanted = [...new Set(projectRefs.map(projectOf).filter((p): p is Project => !!p))];
  // One list per scope, no more of them in flight than the plan's concurrency.
  const [org, ...perProject] = await runPool(
    [undefined, ...wanted],
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    (p) =>
      p
        ? opts.api.connections.listAzureClientSecrets({ ...call, projectId: p.id })
        : needOrg
          ? opts.api.connections.listAzureClientSecrets(call)
          : Promise.resolve([]),
    opts.signal,
  );
  return {
    org: org ?? [],
    projects: new Map(wanted.map((p, i) => [p.id, { project: p, connections: perProject[i] ?? [] }])),
    projectOf,
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
