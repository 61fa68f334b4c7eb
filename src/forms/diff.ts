import { buildAzureAuthPatch } from '../core/edit/azureAuthPatch';
import { buildConnectionPatch } from '../core/edit/connectionPatch';
import { renderAzureAuthDocument, renderConnectionDocument } from '../core/edit/document';
import type { AppConnection } from '../core/schemas/appConnection';
import type { IdentityAzureAuth } from '../core/schemas/azureAuth';
import { withoutSecrets } from './fields';

/**
 * The "your edit" side of a form's diff: the same document the server side renders, with the
 * edit applied, so the diff shows only what changes. Write-only values never appear (the
 * documents do not show them, and they are dropped before rendering). An edit that does not
 * apply to `current` is shown as its own JSON instead.
 */
export function connectionEditText(current: AppConnection, edited: Record<string, unknown>, profile: string) {
  const built = buildConnectionPatch(current, edited);
  if (!built.ok) return asJson(edited);
  const body = withoutSecrets(built.body);
  const credentials = {
    ...current.credentials,
    ...(body.credentials as Record<string, unknown> | undefined),
  };
  const rotation = built.body.rotation ? { ...current.rotation, ...built.body.rotation } : current.rotation;
  return renderConnectionDocument({ ...current, ...body, credentials, rotation }, profile);
}

export function azureAuthEditText(
  current: IdentityAzureAuth,
  edited: Record<string, unknown>,
  identityName: string,
  profile: string,
) {
  const built = buildAzureAuthPatch(current, edited);
  if (!built.ok) return asJson(edited);
  return renderAzureAuthDocument({ ...current, ...built.body }, identityName, profile);
}

function asJson(edited: Record<string, unknown>): string {
  return `${JSON.stringify(withoutSecrets(edited), null, 2)}\n`;
}
