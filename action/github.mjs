// The pull-request comment of the action: GitHub's REST API through Node's global fetch (no
// dependencies). One comment per pull request and marker, found again on every run and edited.

/**
 * @typedef {{ id: number, body?: string }} IssueComment
 * @typedef {{ api: string, repository: string, token: string }} GitHub
 */

/**
 * One REST call. Errors name the method, the path and GitHub's message, never the token.
 * @param {GitHub} gh
 * @param {string} method
 * @param {string} url  absolute (a Link header's) or a path under the API
 * @param {unknown} [body]
 */
async function call(gh, method, url, body) {
  const target = url.startsWith('http') ? url : `${gh.api.replace(/\/+$/, '')}${url}`;
  const response = await fetch(target, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${gh.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'infisical-azure-action',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 200);
    try {
      message = JSON.parse(text).message ?? message;
    } catch {}
    throw new Error(`GitHub API ${method} ${new URL(target).pathname}: ${response.status} ${message}`);
  }
  return { json: text ? JSON.parse(text) : undefined, link: response.headers.get('link') ?? '' };
}

/** The URL of rel="next" in a Link header, if any. */
export function nextLink(/** @type {string} */ link) {
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Every comment of an issue or pull request, page after page.
 * @param {GitHub} gh
 * @param {number} issue
 * @returns {Promise<IssueComment[]>}
 */
export async function listComments(gh, issue) {
  /** @type {IssueComment[]} */
  const all = [];
  /** @type {string | undefined} */
  let url = `/repos/${gh.repository}/issues/${issue}/comments?per_page=100`;
  while (url) {
    const page = await call(gh, 'GET', url);
    all.push(...(Array.isArray(page.json) ? page.json : []));
    url = nextLink(page.link);
  }
  return all;
}

/**
 * Writes `body` as the pull request's comment carrying `marker`: edits the first one found
 * (when `edit`), else adds one.
 * @param {GitHub} gh
 * @param {{ issue: number, marker: string, body: string, edit: boolean }} comment
 * @returns {Promise<{ id: number, created: boolean }>}
 */
export async function upsertComment(gh, { issue, marker, body, edit }) {
  if (edit) {
    const existing = (await listComments(gh, issue)).find((c) => c.body?.includes(marker));
    if (existing) {
      await call(gh, 'PATCH', `/repos/${gh.repository}/issues/comments/${existing.id}`, { body });
      return { id: existing.id, created: false };
    }
  }
  const created = await call(gh, 'POST', `/repos/${gh.repository}/issues/${issue}/comments`, { body });
  return { id: created.json.id, created: true };
}
