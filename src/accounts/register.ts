import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { TreeViews } from '../tree/register';
import { AUTH_PROVIDER_ID, InfisicalAuthProvider } from './provider';
import { profileStatus } from './statusBar';

/** The profile status bar item and the "Infisical" authentication provider (Accounts menu). */
export function registerAccounts(ext: Ext, { views, trees }: TreeViews): void {
  const authProvider = new InfisicalAuthProvider(
    ext,
    async () => vscode.commands.executeCommand<string | undefined>('infisical.signIn'),
    async (name) => (await import('./profiles.js')).signOutProfile(ext, name),
  );
  ext.context.subscriptions.push(
    profileStatus(ext, views, {
      get filter() {
        return trees.current?.identities.filter ?? '';
      },
      onDidChangeTreeData: trees.fronts.identities.onDidChangeTreeData,
    }),
    authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Infisical', authProvider, {
      supportsMultipleAccounts: true,
    }),
  );
}
