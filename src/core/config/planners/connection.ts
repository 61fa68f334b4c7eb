import type { FieldIssue } from '../../api/errors';
import { connectionCapabilities, ROTATION_KEYS, rotationUnsupported } from '../../azure';
import { buildConnectionPatch } from '../../edit/connectionPatch';
import type { Change } from '../../edit/issues';
import { replaceableFields, WRITE_ONLY_FIELDS } from '../../edit/writeOnly';
import { connectionFields } from '../../fields/connection';
import { CREDENTIAL_FIELDS, type CredentialField } from '../../fields/credentials';
import { type AppConnection, AZURE_CLIENT_SECRETS_APP, isAzureMethod } from '../../schemas/appConnection';
import { connectionToDecl } from '../normalize';
import {
  DEFAULT_CONCURRENCY,
  isCancelled,
  messageOf,
  type PlanMessage,
  type PlannedResource,
  type PlanOptions,
  type ResourcePlanner,
} from '../planModel';
import { runPool } from '../pool';
import type { ConnectionDecl, SecretRef } from '../schema';
import { didYouMean, suggester } from '../suggest';
import { type At, blocked, filePath, notPlanned } from './common';
import { type ConnectionScope, elsewhere, listConnections } from './connectionScope';

/** A file's `connections`: Azure Client Secrets connections, updated in place. */
export const connectionPlanner: ResourcePlanner = {
  section: 'connections',
  plan: (config, opts, tick) =>
    planConnections(config.connections ?? [], opts, opts.replaceCredentials ?? [], tick),
};

async function planConnections(
  decls: ConnectionDecl[],
  opts: PlanOptions,
  replace: string[] | 'all',
  tick: () => void,
): Promise<PlannedResource[]> {
  const scope = await listConnections(decls, opts);
  const suggest = suggester();
  return runPool(
    decls.map((decl, index) => ({ decl, index })),
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    async ({ decl, index }) => {
      try {
        return await planConnection(
          decl,
          index,
          scope,
          opts,
          replace === 'all' || replace.includes(decl.name),
          suggest,
        );
      } finally {
        tick();
      }
    },
    opts.signal,
  );
}

async function planConnection(
  decl: ConnectionDecl,
  index: number,
  scope: ConnectionScope,
  opts: PlanOptions,
  replaceRequested: boolean,
  suggest: (name: string, names: Iterable<string>) => string[],
): Promise<PlannedResource> {
  const base = { type: 'connection' as const, index, name: decl.name, project: decl.project };
  const at = (...rest: (string | number)[]) => ['connections', index, ...rest];
  const failure = scope.failureOf(decl);
  if (failure) return notPlanned(base, failure, at('name'));
  const project = decl.project ? scope.projectOf(decl.project) : undefined;
  if (decl.project && !project)
    return blocked(
      base,
      `No project "${decl.project}" visible to these credentials (by id, slug or name).`,
      at('project'),
    );
  const list = project ? (scope.projects.get(project.id)?.connections ?? []) : scope.org;
  const where = project ? `in project "${project.name}"` : 'at organization level';

  let server: AppConnection | undefined;
  if (decl.id) {
    const id = decl.id.toLowerCase();
    server = [...scope.org, ...[...scope.projects.values()].flatMap((p) => p.connections)].find(
      (c) => c.id.toLowerCase() === id,
    );
    if (!server) {
      try {
        server = await opts.api.connections.getAzureClientSecrets(decl.id, { signal: opts.signal });
      } catch (error) {
        if (isCancelled(error)) throw error;
        return blocked(
          base,
          `No Azure Client Secrets connection with id ${decl.id}: ${messageOf(error)}`,
          at('id'),
        );
      }
    }
    if ((server.projectId ?? undefined) !== (project?.id ?? undefined))
      return blocked(
        { ...base, id: server.id },
        `The connection with id ${decl.id} is ${server.projectId ? `in project ${server.project?.name ?? server.projectId}` : 'at organization level'}, not ${where}: a connection's project never changes.`,
        at(decl.project ? 'project' : 'id'),
      );
  } else {
    server = list.find((c) => c.name === decl.name);
    if (!server) {
      const similar = suggest(
        decl.name,
        list.map((c) => c.name),
      );
      return blocked(
        base,
        `No Azure Client Secrets connection named "${decl.name}" ${where}.${elsewhere(decl, scope, project)}${didYouMean(similar)}`,
        at('name'),
        similar,
      );
    }
  }
  const withId = { ...base, id: server.id, method: server.method };
  if (server.app !== AZURE_CLIENT_SECRETS_APP)
    return blocked(
      withId,
      `"${server.name}" is a ${server.app} connection, not Azure Client Secrets.`,
      at('name'),
    );
  if (!isAzureMethod(server.method))
    return blocked(withId, `Its method "${server.method}" is not one this version can plan.`, at('name'));
  if (decl.method && decl.method !== server.method)
    return blocked(
      withId,
      `Its method is ${server.method} on the server, not ${decl.method}: a connection's method can never change.`,
      at('method'),
    );

  const rotationKeys = ROTATION_KEYS.filter((k) => decl[k] !== undefined);
  const firstRotationKey = rotationKeys[0];
  if (firstRotationKey && !connectionCapabilities(server).serverRotation)
    return blocked(withId, rotationUnsupported(opts.api.client.host, rotationKeys), at(firstRotationKey));

  const current = connectionToDecl(server, decl.project);
  const desired = desiredConnection(current, decl);
  const guard = {
    updatedAt: server.updatedAt,
    version: server.version,
    credentialsHash: server.credentialsHash,
  };
  const notes = rotationNotes(server, decl, at);
  const planned = diffConnection(server, decl, replaceRequested);
  if (!planned.ok)
    return {
      ...withId,
      action: 'blocked',
      changes: [],
      guard,
      problems: planned.issues.map((i) => ({ message: i.message, path: at(...filePath(i.path)) })),
      notes,
      current,
      desired,
    };
  const has = Object.keys(planned.body).length > 0;
  return {
    ...withId,
    action: has ? 'update' : 'none',
    changes: planned.changes,
    body: has ? planned.body : undefined,
    guard,
    problems: [],
    notes,
    current,
    desired,
  };
}

function desiredConnection(current: ReturnType<typeof connectionToDecl>, decl: ConnectionDecl): unknown {
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(decl)) {
    if (v === undefined || k === 'credentials') continue;
    out[k] = v;
  }
  if (decl.credentials) out.credentials = { ...current.credentials, ...decl.credentials };
  return out;
}

/**
 * The PATCH that makes the server's connection match the declared fields. Credentials are sent
 * only when a non-secret credential field differs or a replacement was asked for; then the file
 * must give every write-only field as a reference, and the body carries the references.
 */
export function diffConnection(
  server: AppConnection,
  decl: ConnectionDecl,
  replaceRequested: boolean,
): { ok: true; body: Record<string, unknown>; changes: Change[] } | { ok: false; issues: FieldIssue[] } {
  const method = isAzureMethod(server.method) ? server.method : 'client-secret';
  const edited: Record<string, unknown> = {};
  if (decl.id && decl.name !== server.name) edited.name = decl.name;
  // The name identifies the entry: it is an edit only where "id" pins the connection.
  for (const [key, f] of connectionFields) {
    const value = (decl as Record<string, unknown>)[key];
    if (key !== 'name' && value !== undefined) edited[key] = f.fromDecl(value);
  }

  const given = decl.credentials ?? {};
  const refs = Object.entries(given).filter(([k]) => WRITE_ONLY_FIELDS.includes(k)) as [string, SecretRef][];
  const plain = Object.fromEntries(
    Object.entries(given).filter(([k]) => !WRITE_ONLY_FIELDS.includes(k)),
  ) as Record<string, string>;
  const shown = connectionToDecl(server).credentials ?? {};
  const differing = Object.entries(plain)
    .filter(([k, v]) => shown[k] !== v)
    .map(([k]) => k);
  const needed = replaceableFields(method);
  const replacing = differing.length > 0 || (replaceRequested && refs.length > 0);
  if (replacing) {
    if (method === 'oauth')
      return fail(
        ['credentials', differing[0] ?? 'tenantId'],
        'OAuth connections are re-authorized in the Infisical web app: a file can change their other fields only.',
      );
    const missing = needed.filter((k) => !refs.some(([r]) => r === k));
    if (missing.length)
      return fail(
        ['credentials', missing[0] as string],
        `${differing.length ? `credentials.${differing.join(', credentials.')} differ${differing.length === 1 ? 's' : ''} from the server, and credentials` : 'Credentials'} are replaced as a whole: give ${missing.map((k) => `credentials.${k}`).join(' and ')} as a reference such as { "env": "NAME" }.`,
      );
    // The PATCH replaces the whole object: what the file leaves out is kept as the server has it.
    edited.credentials = {
      ...shown,
      ...plain,
      // Stand-ins for the write-only values while planning: valid in shape, never sent.
      ...Object.fromEntries(needed.map((k) => [k, (CREDENTIAL_FIELDS[k] as CredentialField).planned])),
    };
  }
  const built = buildConnectionPatch(server, edited);
  if (!built.ok) return built;
  const body = { ...built.body } as Record<string, unknown>;
  if (body.credentials) {
    const creds = { ...(body.credentials as Record<string, unknown>) };
    for (const [k, ref] of refs) if (k in creds) creds[k] = { env: ref.env };
    body.credentials = creds;
  }
  const changes = built.changes.map((c) =>
    c.field === 'credentials'
      ? {
          ...c,
          after: `replaced (${Object.keys(body.credentials as object).join(', ')}; write-only values from ${refs.map(([k, r]) => `${k} ← env ${r.env}`).join(', ')})`,
        }
      : c,
  );
  return { ok: true, body, changes };
}

function fail(path: (string | number)[], message: string): { ok: false; issues: FieldIssue[] } {
  return { ok: false, issues: [{ path, message, code: 'custom' }] };
}

function rotationNotes(server: AppConnection, decl: ConnectionDecl, at: At): PlanMessage[] {
  const refs = decl.credentials && Object.keys(decl.credentials).some((k) => k === 'clientSecret');
  if (!server.isAutoRotationEnabled || !refs) return [];
  const next = server.rotation?.nextRotationAt ? ` (next ${server.rotation.nextRotationAt})` : '';
  return [
    {
      message: `Infisical rotates this client secret itself${next}. A rotation is not a change to revert: the file's reference is sent only when the credentials are replaced.`,
      path: at('credentials', 'clientSecret'),
    },
  ];
}
