import * as vscode from 'vscode';
import { LazyWorkspaceFiles } from './config/lazy';
import type { Ext } from './context';
import { LazyFileSystem } from './jsonEditor/lazy';
import { EDIT_SCHEME } from './jsonEditor/uris';
import { READONLY_SCHEME } from './readonly/provider';
import { SNAPSHOT_SCHEME } from './ui/snapshots';

/**
 * The documents and panels VS Code asks the extension for: `infisical:` (edited),
 * `infisical-readonly:` and diff snapshots, workspace files, and forms restored with the window.
 * Each registers a cheap front; what does the work loads on first use.
 */
export function registerProviders(ext: Ext): {
  documents: LazyFileSystem;
  workspaceFiles: LazyWorkspaceFiles;
} {
  const documents = new LazyFileSystem(ext);
  const workspaceFiles = new LazyWorkspaceFiles(ext);
  ext.context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(READONLY_SCHEME, {
      provideTextDocumentContent: async (uri, token) =>
        new (await import('./readonly/content.js')).ReadonlyJsonProvider(ext).provideTextDocumentContent(
          uri,
          token,
        ),
    }),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, ext.snapshots),
    documents,
    workspaceFiles,
    vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, documents, { isCaseSensitive: true }),
    // Forms open when the window reloaded come back with their unsaved values (src/forms loads then).
    vscode.window.registerWebviewPanelSerializer('infisical.form', {
      deserializeWebviewPanel: async (panel, state) =>
        (await import('./forms/open.js')).restoreForm(ext, panel, state),
    }),
  );
  return { documents, workspaceFiles };
}
