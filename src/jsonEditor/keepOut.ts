import * as vscode from 'vscode';
import type { Ext } from '../context';
import {
  normalizeWriteOnly,
  replaceableFields,
  type WrittenValue,
  withoutWritten,
  writeOnlyLabel,
  writtenValues,
} from '../core/edit/writeOnly';
import { guardSecrets, keepsSecretsOut, type SecretGuard, type SecretSite } from '../ui/secretGuard';
import { connectionMethod, type HeldCredentials } from './credentials';
import { EDIT_SCHEME, parseDocumentUri } from './uris';

/**
 * A client secret, certificate or private key pasted or typed into a connection document's
 * credentials leaves the text for this window's memory, as "Replace credentials…" holds it: the
 * property becomes the marker comment, and the next save sends the value.
 */
export function guardDocuments(ext: Ext, held: HeldCredentials): SecretGuard {
  const fields = (doc: vscode.TextDocument) => {
    const method = connectionMethod(doc.uri);
    return method ? replaceableFields(method) : [];
  };
  return guardSecrets<WrittenValue & SecretSite>(
    { scheme: EDIT_SCHEME },
    {
      guards: (doc) => doc.uri.scheme === EDIT_SCHEME && fields(doc).length > 0 && keepsSecretsOut(),
      find: (doc, text) => writtenValues(text, fields(doc)).map((v) => ({ ...v, key: v.field })),
      take: async (doc, text, sites) => {
        const values: Record<string, string> = {};
        for (const s of sites) {
          const value = normalizeWriteOnly(s.field, s.value);
          ext.log.addSecret(s.value);
          ext.log.addSecret(value);
          values[s.field] = value;
        }
        held.hold(doc.uri, values);
        const what = sites.map((s) => writeOnlyLabel(s.field)).join(' and ');
        ext.log.info(
          `${doc.uri.path}: ${sites.map((s) => s.field).join(', ')} taken out of the text, held in memory`,
        );
        return {
          text: withoutWritten(text, sites),
          message: `The ${what} written into "${parseDocumentUri(doc.uri)?.label ?? doc.uri.path}" left the text (VS Code backs unsaved text up to disk): held in memory, Ctrl+S sends it. Lost if the document closes or the window reloads.`,
        };
      },
    },
    (message) => void vscode.window.showInformationMessage(message),
  );
}
