import type { ConnectionsTree } from './connections';
import type { IdentitiesTree } from './identities';

/** The two tree views' data providers, as commands and flows reach them. */
export interface Trees {
  connections: ConnectionsTree;
  identities: IdentitiesTree;
}
