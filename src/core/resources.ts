import { type AnyResourceAdapter, azureAuthAdapter, connectionAdapter } from './edit/adapters';
import { azureAuthWarning, GUID_WARNING_FIELDS } from './fields/azureAuth';
import type { ResourceType } from './resourceTypes';

export { RESOURCE_TYPES, type ResourceType } from './resourceTypes';

/**
 * The core's registry of resource kinds: everything the domain needs to know about one kind,
 * looked up by type instead of branched on. A missing kind, or a kind missing a part, does not
 * compile (`Record<ResourceType, ResourceKind>`). The surfaces keep registries of their own parts
 * (form definitions, document URIs, webview forms, tree refreshes), keyed the same way.
 */
export interface ResourceKind {
  /** How messages name the kind: "connection", "Azure Auth". */
  label: string;
  /** The workspace file's section that declares it. */
  section: 'identities' | 'connections';
  /** Where one declaration's settings sit in the file: the entry itself, or a part of it. */
  settingsPath(index: number): (string | number)[];
  /** How the API reads, patches and renders it. */
  adapter: AnyResourceAdapter;
  /** How a plan and a message name one resource. */
  title(r: { name: string; project?: string | undefined }): string;
  /** Whether its declarations may hold write-only credentials (references, replaced on request). */
  writeOnlyCredentials: boolean;
  /** Fields whose values the server accepts but that are likely wrong, and what to say about one. */
  warnings: { fields: readonly string[]; of(field: string, value: unknown): string | undefined };
}

export const RESOURCE_KINDS: Record<ResourceType, ResourceKind> = {
  'azure-auth': {
    label: 'Azure Auth',
    section: 'identities',
    settingsPath: (index) => ['identities', index, 'azureAuth'],
    adapter: azureAuthAdapter,
    title: (r) => `identity "${r.name}" Azure Auth`,
    writeOnlyCredentials: false,
    warnings: { fields: GUID_WARNING_FIELDS, of: azureAuthWarning },
  },
  connection: {
    label: 'connection',
    section: 'connections',
    settingsPath: (index) => ['connections', index],
    adapter: connectionAdapter,
    title: (r) => `connection "${r.name}"${r.project ? ` (project ${r.project})` : ''}`,
    writeOnlyCredentials: true,
    warnings: { fields: [], of: () => undefined },
  },
};

export function kindOf(type: ResourceType): ResourceKind {
  return RESOURCE_KINDS[type];
}

export function adapterOf(type: ResourceType): AnyResourceAdapter {
  return RESOURCE_KINDS[type].adapter;
}
