/** Checks a site URL a person typed: https, or http only for loopback unless allowed. */
export type SiteUrlResult = { ok: true; url: string } | { ok: false; reason: string };

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

export function checkSiteUrl(input: string, opts: { allowInsecureHttp?: boolean } = {}): SiteUrlResult {
  const text = input.trim();
  if (text === '')
    return {
      ok: false,
      reason: 'Enter the URL of your Infisical server, e.g. https://infisical.example.com',
    };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `"${text}" is not a URL: include the scheme, e.g. https://${text}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `Use https:// (got ${url.protocol}//)` };
  }
  if (url.username || url.password) return { ok: false, reason: 'Do not put credentials in the URL' };
  if (url.search || url.hash)
    return { ok: false, reason: 'Remove the query string or fragment from the URL' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !opts.allowInsecureHttp) {
    return {
      ok: false,
      reason:
        'http:// would send your credentials unencrypted: use https://, or enable "infisical.allowInsecureHttp" if you really must',
    };
  }
  // Infisical's own CLI and docs name the API (`…/api`), some people its version (`…/api/v1`).
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api(\/v\d+)?$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}
