import * as vscode from 'vscode';
import type { ResourceRef } from '../core/edit/adapters';

export const EDIT_SCHEME = 'infisical';

export interface DocumentTarget extends ResourceRef {
  /** The connection's method, for the schema that validates the document. */
  method?: string;
}

/** Names go into a path segment: keep them readable but free of separators. */
const segment = (text: string) => text.replace(/[/\\?#%]/g, '_') || '_';

/**
 * `infisical:/<profile>/connections/azure-client-secrets/<method>/<id>/<name>.jsonc` and
 * `infisical:/<profile>/identities/<id>/<name>/azure-auth.jsonc`: the id is the key, the name
 * makes the tab readable, the method picks the JSON Schema (see contributes.jsonValidation).
 */
export function documentUri(t: DocumentTarget): vscode.Uri {
  const path =
    t.resource === 'connection'
      ? `/${segment(t.profile)}/connections/azure-client-secrets/${t.method}/${t.id}/${segment(t.label)}.jsonc`
      : `/${segment(t.profile)}/identities/${t.id}/${segment(t.label)}/azure-auth.jsonc`;
  return vscode.Uri.from({ scheme: EDIT_SCHEME, path });
}

export function parseDocumentUri(uri: vscode.Uri): DocumentTarget | undefined {
  const parts = uri.path.split('/').slice(1);
  const [profile, area] = parts;
  if (!profile) return undefined;
  if (
    area === 'connections' &&
    parts.length === 6 &&
    parts[2] === 'azure-client-secrets' &&
    parts[5]?.endsWith('.jsonc')
  ) {
    return {
      resource: 'connection',
      profile,
      method: parts[3],
      id: parts[4] ?? '',
      label: parts[5].slice(0, -'.jsonc'.length),
    };
  }
  if (area === 'identities' && parts.length === 5 && parts[4] === 'azure-auth.jsonc') {
    return { resource: 'azure-auth', profile, id: parts[2] ?? '', label: parts[3] ?? '' };
  }
  return undefined;
}
