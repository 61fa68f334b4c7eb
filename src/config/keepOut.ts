import { parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Ext } from '../context';
import { validateConfigText, type WrittenSecret, withReferences, writtenSecrets } from '../core/config';
import { placeOf } from '../core/config/places';
import { guardSecrets, keepsSecretsOut, type SecretGuard, type SecretSite } from '../ui/secretGuard';
import { CONFIG_SUFFIX, isConfigFile } from './lazy';
import { freeReferenceName, referenceKey } from './quickFixes';

/**
 * A client secret, certificate or private key pasted or typed into a workspace file leaves the
 * text for VS Code's SecretStorage, and the file gets the reference its format has for it,
 * `{ "env": "NAME" }` — the same move as the quick fix, under the name it suggests, without
 * asking: before auto-save, a backup or Local History can write the value anywhere.
 */
export function guardWorkspaceFiles(ext: Ext): SecretGuard {
  return guardSecrets<WrittenSecret & SecretSite>(
    { pattern: `**/*${CONFIG_SUFFIX}` },
    {
      guards: (doc) => isConfigFile(doc.uri) && keepsSecretsOut(),
      find: (_doc, text) =>
        text.includes('credentials')
          ? writtenSecrets(text, validateConfigText(text).problems).map((s) => ({
              ...s,
              key: JSON.stringify(s.path),
            }))
          : [],
      take: async (_doc, text, sites) => {
        const named: (WrittenSecret & SecretSite & { name: string })[] = [];
        for (const s of sites) {
          const name = await freeReferenceName(ext, s.suggested, s.value, named);
          ext.log.addSecret(s.value);
          await ext.context.secrets.store(referenceKey(name), s.value);
          named.push({ ...s, name });
        }
        const root = parseTree(text);
        const where = named.map((n) => `${placeOf(root, n.path)} is now { "env": "${n.name}" }`).join('; ');
        ext.log.info(`workspace file: ${where}; the value kept in SecretStorage`);
        return {
          text: withReferences(text, named),
          message: `${where}: the value left the file for VS Code's SecretStorage before anything could write it to disk. A plan replacing credentials sends it; in CI set the environment variable of that name.`,
        };
      },
    },
    (message) => void vscode.window.showInformationMessage(message),
  );
}
