import { readableItems } from '../schemas/common';
import { type Project, projectListSchema, projectSchema } from '../schemas/project';
import * as z from '../schemas/zod';
import type { ListCall } from './appConnections';
import { isMissingRoute, type ServerCapabilities } from './capabilities';
import type { InfisicalClient } from './client';

export interface ProjectListCall extends Omit<ListCall, 'projectId'> {
  /** `secret-manager`, `cert-manager`, `kms`, `ssh`, …; none = every type. */
  type?: string;
}

/** Servers before `GET /api/v1/projects` list the same projects as `{ workspaces }`. */
const workspaceListSchema = z.pipe(
  z.looseObject({ workspaces: z.array(z.unknown()) }),
  z.transform((res) => {
    const { items, unreadable } = readableItems(projectSchema, res.workspaces);
    return { projects: items, unreadable };
  }),
);

export function projectsApi(client: InfisicalClient, capabilities: ServerCapabilities) {
  const fromWorkspaces = async (opts: ProjectListCall) => {
    const res = await client.request({
      method: 'GET',
      path: '/api/v1/workspace',
      schema: workspaceListSchema,
      signal: opts.signal,
    });
    // That route has no type filter: filtered here, the same answer as the newer route's.
    const projects =
      opts.type === undefined
        ? res.projects
        : res.projects.filter((p) => (p.type ?? 'secret-manager') === opts.type);
    return { projects, unreadable: res.unreadable };
  };
  const fromProjects = async (opts: ProjectListCall) => {
    const res = await client.request({
      method: 'GET',
      path: '/api/v1/projects',
      query: { type: opts.type },
      schema: projectListSchema,
      signal: opts.signal,
    });
    capabilities.learn('projectList', true);
    return res;
  };
  return {
    /**
     * The projects the caller is a member of (`GET /api/v1/projects`, else `GET /api/v1/workspace`),
     * sorted by name. Not paged by the server. App connections can live in a project of any
     * type, so the trees ask for all.
     */
    async list(opts: ProjectListCall = {}): Promise<Project[]> {
      let res: { projects: Project[]; unreadable: { index: number; reason: string }[] };
      if (capabilities.get('projectList') === false) res = await fromWorkspaces(opts);
      else {
        try {
          res = await fromProjects(opts);
        } catch (error) {
          if (!isMissingRoute(error)) throw error;
          capabilities.learn('projectList', false);
          res = await fromWorkspaces(opts);
        }
      }
      if (res.unreadable.length) opts.onUnreadable?.(res.unreadable);
      return [...res.projects].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },
  };
}
export type ProjectsApi = ReturnType<typeof projectsApi>;
