import * as vscode from 'vscode';
import type { Ext } from '../context';
import { validateConfigText, type WrittenSecret, withReferences, writtenSecrets } from '../core/config';
import { guardSecrets, keepsSecretsOut, type SecretGuard, type SecretSite } from '../ui/secretGuard';
import { CONFIG_SUFFIX, isConfigFile } from './lazy';
import { referenceKey } from './quickFixes';

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
        const named: (SecretSite & { name: string })[] = [];
        for (const s of sites) {
          const name = await freeName(ext, s, named);
          ext.log.addSecret(s.value);
          await ext.context.secrets.store(referenceKey(name), s.value);
          named.push({ ...s, name });
        }
        const where = named.map((n) => `${pathText(sites, n)} is now { "env": "${n.name}" }`).join('; ');
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

function pathText(sites: readonly WrittenSecret[], at: SecretSite): string {
  const site = sites.find((s) => s.offset === at.offset);
  return (site?.path ?? [])
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .slice(1);
}

/**
 * The suggested name, or the first of NAME_2, NAME_3 … that stands for nothing else: not set
 * in the environment (which plan and apply read first), not kept in SecretStorage for another
 * value, not given to another value of this paste.
 */
async function freeName(
  ext: Ext,
  secret: WrittenSecret,
  taken: readonly { name: string }[],
): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? secret.suggested : `${secret.suggested}_${n}`;
    if (taken.some((t) => t.name === name)) continue;
    const env = process.env[name];
    if (env !== undefined && env !== secret.value) continue;
    const kept = await ext.context.secrets.get(referenceKey(name));
    if (kept === undefined || kept === secret.value) return name;
  }
}
