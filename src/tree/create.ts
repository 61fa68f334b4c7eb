import type { Ext } from '../context';
import { ConnectionsTree } from './connections';
import { IdentitiesTree } from './identities';
import type { Trees } from './index';

/** The two trees' data providers; loaded when a view first asks for rows, or on a first command. */
export function createTrees(ext: Ext, pageSize: (view: 'identities' | 'connections') => () => number): Trees {
  return {
    connections: new ConnectionsTree(ext, pageSize('connections')),
    identities: new IdentitiesTree(ext, pageSize('identities')),
  };
}
