import type { InfisicalApi } from '../api';
import type { AppConnection } from '../schemas/appConnection';
import type { IdentityAzureAuth } from '../schemas/azureAuth';
import { azureAuthToDecl, connectionToDecl } from './normalize';
import { DEFAULT_CONCURRENCY, isCancelled, listIdentities, messageOf } from './plan';
import { runPool } from './pool';

/**
 * Pull: a workspace file from the server's current state. Ids are pinned (names are labels),
 * secrets are never written (write-only fields are absent: "unchanged"), values are written the
 * way a person would ("30d", "10.0.0.0/8", "02:00").
 */

export interface PullSelection {
  /** Identity ids, or every identity with Azure Auth. */
  identities?: 'all' | string[];
  /** Azure Client Secrets connection ids, or every one (organization and projects). */
  connections?: 'all' | string[];
}

export interface Pulled {
  identities: { id: string; name: string; azureAuth: IdentityAzureAuth }[];
  connections: { connection: AppConnection; project?: string }[];
  /** What could not be read, per resource: reported, not written. */
  skipped: string[];
}

export interface PullOptions {
  api: InfisicalApi;
  orgId: string;
  signal?: AbortSignal;
  concurrency?: number;
}

export async function pullResources(selection: PullSelection, opts: PullOptions): Promise<Pulled> {
  const call = { signal: opts.signal };
  const limit = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const skipped: string[] = [];
  const pulled: Pulled = { identities: [], connections: [], skipped };

  if (selection.identities && (selection.identities === 'all' || selection.identities.length)) {
    const names = new Map(
      (await listIdentities(opts)).map((i) => [
        i.id,
        { name: i.name, azure: (i.authMethods ?? []).includes('azure-auth') },
      ]),
    );
    const ids =
      selection.identities === 'all'
        ? [...names].filter(([, v]) => v.azure).map(([id]) => id)
        : selection.identities;
    const read = await runPool(
      ids,
      limit,
      async (id) => {
        try {
          const azureAuth = await opts.api.azureAuth.get(id, call);
          return { id, name: names.get(id)?.name ?? id, azureAuth };
        } catch (error) {
          skipped.push(`identity ${names.get(id)?.name ?? id}: ${messageOf(error)}`);
          return undefined;
        }
      },
      opts.signal,
    );
    pulled.identities = read
      .filter((x) => x !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  if (selection.connections && (selection.connections === 'all' || selection.connections.length)) {
    let found: AppConnection[];
    if (selection.connections === 'all') {
      // Projects cost only their own connections: the organization's are read without them.
      let projectIds: string[] = [];
      try {
        projectIds = (await opts.api.projects.list(call)).map((p) => p.id);
      } catch (error) {
        if (isCancelled(error)) throw error;
        skipped.push(`the connections of projects: ${messageOf(error)}`);
      }
      const lists = await runPool(
        [undefined, ...projectIds],
        limit,
        (projectId) => opts.api.connections.listAzureClientSecrets({ ...call, projectId }),
        opts.signal,
      );
      found = [...new Map(lists.flat().map((c) => [c.id, c])).values()];
    } else {
      const read = await runPool(
        selection.connections,
        limit,
        async (id) => {
          try {
            return await opts.api.connections.getAzureClientSecrets(id, call);
          } catch (error) {
            skipped.push(`connection ${id}: ${messageOf(error)}`);
            return undefined;
          }
        },
        opts.signal,
      );
      found = read.filter((c) => c !== undefined);
    }
    pulled.connections = found
      .map((connection) => ({
        connection,
        project: connection.projectId ? (connection.project?.slug ?? connection.projectId) : undefined,
      }))
      .sort(
        (a, b) =>
          (a.project ?? '').localeCompare(b.project ?? '') ||
          a.connection.name.localeCompare(b.connection.name),
      );
  }
  return pulled;
}

/** The file's text. */
export function renderConfigFile(
  target: { site: string; organization: { id: string; name?: string } },
  pulled: Pick<Pulled, 'identities' | 'connections'>,
): string {
  const file: Record<string, unknown> = {
    site: target.site,
    organization: target.organization.name
      ? { id: target.organization.id, name: target.organization.name }
      : { id: target.organization.id },
  };
  if (pulled.identities.length)
    file.identities = pulled.identities.map((i) => ({
      name: i.name,
      id: i.id,
      azureAuth: azureAuthToDecl(i.azureAuth),
    }));
  if (pulled.connections.length)
    file.connections = pulled.connections.map((c) => connectionToDecl(c.connection, c.project));
  return `${JSON.stringify(file, null, 2)}\n`;
}
