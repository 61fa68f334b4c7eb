// @ts-check
// The coordinates of the real Infisical server that ../shared/real-infisical/setup.sh started:
// ~/.cache/real-infisical/env (or $REALINF_STATE/env), read without putting them in process.env,
// so nothing started from here (code-server, the CLI) inherits a credential by accident.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ENV_FILE = join(process.env.REALINF_STATE ?? join(homedir(), '.cache/real-infisical'), 'env');

/**
 * @typedef {object} RealServer
 * @property {string} site                  INFISICAL_API_URL
 * @property {string} token                 an org-admin identity's access token
 * @property {string} uaClientId
 * @property {string} uaClientSecret
 * @property {string} orgId
 * @property {string[]} azureIdentities    identities with Azure Auth
 * @property {string} plainIdentity         an identity without Azure Auth
 * @property {string[]} oauthConnections    Azure Client Secrets connections (method oauth)
 * @property {string} keyVaultConnection    a connection of another app
 */

/**
 * Reads the env file; on anything missing prints what to do and exits 1.
 * @param {string} who  prefix of the messages
 * @returns {RealServer}
 */
export function readRealServer(who) {
  if (!existsSync(ENV_FILE)) {
    console.error(
      `${who}: ${ENV_FILE} does not exist, so no real Infisical server is known. Start one with\n` +
        '  bash ../shared/real-infisical/setup.sh <bare git dir of Infisical> <commit>\n' +
        `(see ../shared/real-infisical/README.md), then run npm run test:real again.`,
    );
    process.exit(1);
  }
  /** @type {Record<string, string>} */
  const real = {};
  for (const line of readFileSync(ENV_FILE, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1]) real[m[1]] = (m[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  }
  const need = (/** @type {string} */ key) => {
    const value = real[key];
    if (!value) {
      console.error(`${who}: ${ENV_FILE} has no ${key}: re-run setup.sh.`);
      process.exit(1);
    }
    return value;
  };
  return {
    site: need('INFISICAL_API_URL'),
    token: need('INFISICAL_TOKEN'),
    uaClientId: need('INFISICAL_UNIVERSAL_AUTH_CLIENT_ID'),
    uaClientSecret: need('INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET'),
    orgId: need('REALINF_ORG_ID'),
    azureIdentities: need('REALINF_AZURE_IDENTITY_IDS').split(','),
    plainIdentity: need('REALINF_PLAIN_IDENTITY_ID'),
    oauthConnections: need('REALINF_OAUTH_CONNECTION_IDS').split(','),
    keyVaultConnection: need('REALINF_KEYVAULT_CONNECTION_ID'),
  };
}
