import { findNodeAtLocation, type JSONPath, type Node } from 'jsonc-parser';

/**
 * How a place in a workspace file is named to people. A position such as `connections[5]`
 * means nothing to someone reading a message (and changes when an entry is added above): a
 * resource is named by its `name`, as the file and the server name it.
 */

/**
 * A place in a workspace file: the resource by its name, then the field within it
 * ("prod-entra-graph: credentials.clientSecret"); by position only when the entry has no name.
 */
export function placeOf(root: Node | undefined, path: JSONPath): string {
  const [section, index, ...rest] = path;
  if ((section !== 'identities' && section !== 'connections') || typeof index !== 'number')
    return path.length ? fieldPath(path) : 'the file';
  const name = root && findNodeAtLocation(root, [section, index, 'name'])?.value;
  const resource = typeof name === 'string' && name.trim() ? name : `${section}[${index}]`;
  return rest.length ? `${resource}: ${fieldPath(rest)}` : resource;
}

function fieldPath(path: JSONPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}
