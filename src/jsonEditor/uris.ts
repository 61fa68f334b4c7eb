import * as vscode from 'vscode';
import type { ResourceRef } from '../core/edit/adapters';
import { RESOURCE_TYPES, type ResourceType } from '../core/resourceTypes';

export const EDIT_SCHEME = 'infisical';

export interface DocumentTarget extends ResourceRef {
  /** The connection's method, for the schema that validates the document. */
  method?: string;
}

/** Names go into a path segment: keep them readable but free of separators. */
const segment = (text: string) => text.replace(/[/\\?#%]/g, '_') || '_';

/** How one kind's documents are named, and read back from their path (after the profile). */
interface UriCodec {
  path(t: DocumentTarget): string;
  parse(profile: string, rest: string[]): DocumentTarget | undefined;
}

/**
 * `infisical:/<profile>/connections/azure-client-secrets/<method>/<id>/<name>.jsonc` and
 * `infisical:/<profile>/identities/<id>/<name>/azure-auth.jsonc`: the id is the key, the name
 * makes the tab readable, the method picks the JSON Schema (see contributes.jsonValidation).
 */
const CODECS: Record<ResourceType, UriCodec> = {
  'azure-auth': {
    path: (t) => `identities/${t.id}/${segment(t.label)}/azure-auth.jsonc`,
    parse: (profile, [area, id, label, file, ...more]) =>
      area === 'identities' && file === 'azure-auth.jsonc' && more.length === 0
        ? { resource: 'azure-auth', profile, id: id ?? '', label: label ?? '' }
        : undefined,
  },
  connection: {
    path: (t) => `connections/azure-client-secrets/${t.method}/${t.id}/${segment(t.label)}.jsonc`,
    parse: (profile, [area, app, method, id, file, ...more]) =>
      area === 'connections' &&
      app === 'azure-client-secrets' &&
      file?.endsWith('.jsonc') &&
      more.length === 0
        ? { resource: 'connection', profile, method, id: id ?? '', label: file.slice(0, -'.jsonc'.length) }
        : undefined,
  },
};

export function documentUri(t: DocumentTarget): vscode.Uri {
  return vscode.Uri.from({
    scheme: EDIT_SCHEME,
    path: `/${segment(t.profile)}/${CODECS[t.resource].path(t)}`,
  });
}

export function parseDocumentUri(uri: vscode.Uri): DocumentTarget | undefined {
  const [profile, ...rest] = uri.path.split('/').slice(1);
  if (!profile) return undefined;
  for (const type of RESOURCE_TYPES) {
    const target = CODECS[type].parse(profile, rest);
    if (target) return target;
  }
  return undefined;
}
