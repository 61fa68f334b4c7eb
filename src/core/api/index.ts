import { appConnectionsApi } from './appConnections';
import { authApi } from './auth';
import { azureAuthApi } from './azureAuth';
import { type ClientOptions, InfisicalClient } from './client';
import { identitiesApi } from './identities';
import { projectsApi } from './projects';

/** Everything the extension calls on one Infisical site, over one client. */
export function createInfisicalApi(options: ClientOptions) {
  const client = new InfisicalClient(options);
  return {
    client,
    connections: appConnectionsApi(client),
    projects: projectsApi(client),
    identities: identitiesApi(client),
    azureAuth: azureAuthApi(client),
    auth: authApi(client),
  };
}
export type InfisicalApi = ReturnType<typeof createInfisicalApi>;
