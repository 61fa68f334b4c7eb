import { type Project, projectListSchema } from '../schemas/project';
import type { ListCall } from './appConnections';
import type { InfisicalClient } from './client';

export interface ProjectListCall extends Omit<ListCall, 'projectId'> {
  /** `secret-manager`, `cert-manager`, `kms`, `ssh`, …; none = every type. */
  type?: string;
}

export function projectsApi(client: InfisicalClient) {
  return {
    /**
     * The projects the caller is a member of (`GET /api/v1/projects`), sorted by name. Not paged
     * by the server. App connections can live in a project of any type, so the trees ask for all.
     */
    async list(opts: ProjectListCall = {}): Promise<Project[]> {
      const res = await client.request({
        method: 'GET',
        path: '/api/v1/projects',
        query: { type: opts.type },
        schema: projectListSchema,
        signal: opts.signal,
      });
      if (res.unreadable.length) opts.onUnreadable?.(res.unreadable);
      return [...res.projects].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },
  };
}
export type ProjectsApi = ReturnType<typeof projectsApi>;
