import { appConnectionsApi } from './appConnections';
import { authApi } from './auth';
import { azureAuthApi } from './azureAuth';
import { ServerCapabilities } from './capabilities';
import { type ClientOptions, InfisicalClient } from './client';
import { identitiesApi } from './identities';
import { projectsApi } from './projects';

/**
 * Everything the extension calls on one Infisical site, over one client. `capabilities` is what
 * this server was found to have or lack, learnt from its answers as they come.
 */
export function createInfisicalApi(options: ClientOptions) {
  const client = new InfisicalClient(options);
  const capabilities = new ServerCapabilities();
  const identities = identitiesApi(client);
  return {
    client,
    capabilities,
    connections: appConnectionsApi(client, capabilities),
    projects: projectsApi(client, capabilities),
    identities,
    azureAuth: azureAuthApi(client),
    auth: authApi(client, capabilities, identities, () => options.getToken?.()),
  };
}
export type InfisicalApi = ReturnType<typeof createInfisicalApi>;
