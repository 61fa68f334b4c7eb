import { checkSiteUrl } from '../site';
import type { ConfigFile } from './schema';

const US_ALIASES = ['https://app.infisical.com', 'https://us.infisical.com'];

/** A site URL as compared: origin and path, the US cloud's legacy alias folded. */
export function siteKey(url: string): string {
  const checked = checkSiteUrl(url, { allowInsecureHttp: true });
  const text = (checked.ok ? checked.url : url.trim()).toLowerCase().replace(/\/+$/, '');
  return US_ALIASES.includes(text) ? (US_ALIASES[1] ?? text) : text;
}

/**
 * Why the file must not be planned with these credentials, or undefined: another site or
 * another organization. Checked before any request about the file's resources.
 */
export function targetMismatch(
  config: Pick<ConfigFile, 'site' | 'organization'>,
  target: { site: string; orgId?: string; orgName?: string },
): string | undefined {
  if (siteKey(config.site) !== siteKey(target.site))
    return `This file belongs to ${config.site}, but you are signed in to ${target.site}: switch to a profile of that site (nothing was sent).`;
  if (!target.orgId)
    return `The organization of these credentials is not known, so the file (organization ${config.organization.id}) cannot be checked against it: sign in again (nothing was sent).`;
  if (config.organization.id !== target.orgId) {
    const theirs = config.organization.name
      ? `"${config.organization.name}" (${config.organization.id})`
      : config.organization.id;
    const ours = target.orgName ? `"${target.orgName}" (${target.orgId})` : target.orgId;
    return `This file belongs to organization ${theirs}, but these credentials are for ${ours}: switch profile, or fix "organization" in the file (nothing was sent).`;
  }
  return undefined;
}
