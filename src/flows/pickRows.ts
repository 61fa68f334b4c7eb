import * as vscode from 'vscode';
import { connectionsShowRotation } from '../core/api/capabilities';
import { AZURE_CLIENT_SECRETS_APP } from '../core/azure';
import type { AppConnection } from '../core/schemas/appConnection';
import type { ConnectionNode } from '../tree/connectionNodes';
import type { IdentityNode } from '../tree/identities';

/**
 * The rows of the palette pickers (./pick.ts) that are not a node: what to do instead when
 * nothing fits, as a row that does it.
 */

/** A picker row: a node to act on, or a way out (`run`) when nothing fits. */
export interface PickItem<T> extends vscode.QuickPickItem {
  node?: T;
  run?: () => unknown;
}

/** What a connection command can act on. */
export type ConnectionWant = 'any' | 'editable' | 'rotatable' | 'oauth';

/**
 * `loaded`: the connections the view holds, as the server listed them. Listed without any
 * rotation key, the server has no rotation: sending the user to "Edit Connection…" to set a
 * schedule would lead nowhere.
 */
export function noConnection(
  want: ConnectionWant,
  text: string,
  loaded: readonly AppConnection[] = [],
): PickItem<ConnectionNode> {
  const azure = loaded.filter((c) => c.app === AZURE_CLIENT_SECRETS_APP);
  if (want === 'rotatable' && connectionsShowRotation(azure) === false)
    return {
      label:
        '$(info) No connection can rotate: this server’s connections have no automatic rotation (the server is older than the feature)',
      alwaysShow: true,
    };
  const matches = text ? `matches "${text}"` : 'is loaded';
  const run = (command: string) => () => vscode.commands.executeCommand(command);
  const rows: Record<ConnectionWant, [string, string, string]> = {
    any: [`No app connection ${matches}`, 'Refresh App Connections', 'infisical.refreshConnections'],
    editable: [
      `No editable (Azure Client Secrets) connection ${matches}`,
      'Go to Connection…',
      'infisical.goToConnection',
    ],
    rotatable: [
      `No connection with a rotation schedule ${matches}`,
      'Edit Connection… to set one',
      'infisical.editConnection',
    ],
    oauth: [`No OAuth connection ${matches}`, 'Go to Connection…', 'infisical.goToConnection'],
  };
  const [label, action, command] = rows[want];
  return { label: `$(info) ${label} — ${action}`, alwaysShow: true, run: run(command) };
}

/** What an identity command can act on. */
export type IdentityWant = 'any' | 'withAzureAuth' | 'withoutAzureAuth';

export function noIdentity(want: IdentityWant, text: string): PickItem<IdentityNode> {
  const where = text ? `matches "${text}"` : 'is on the loaded page: type a name to search the server';
  const run = (command: string) => () => vscode.commands.executeCommand(command);
  if (want === 'withAzureAuth')
    return {
      label: `$(info) No identity with Azure Auth ${where} — Attach Azure Auth…`,
      alwaysShow: true,
      run: run('infisical.attachAzureAuth'),
    };
  if (want === 'withoutAzureAuth')
    return {
      label: `$(info) No identity without Azure Auth ${where} — Edit Azure Auth…`,
      alwaysShow: true,
      run: run('infisical.editAzureAuth'),
    };
  return { label: `$(info) No identity ${where}`, alwaysShow: true };
}
