import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server playing the part of GitHub's REST API that the action uses: list (paginated,
 * with a Link header), create and update issue comments. Checks the bearer token, records every
 * request, and can be told to refuse writes (as GitHub does without pull-requests: write).
 */

export interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface GitHubStandIn {
  url: string;
  comments: Map<number, Comment[]>;
  requests: Recorded[];
  /** Page size of the list: GitHub's is at most 100; smaller here makes the client page. */
  pageSize: number;
  refuseWrites: boolean;
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((done) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    req.on('end', () => done(text));
  });

export async function startGitHubStandIn(repository: string, token: string): Promise<GitHubStandIn> {
  let nextId = 1000;
  const standIn: Omit<GitHubStandIn, 'url' | 'close'> = {
    comments: new Map(),
    requests: [],
    pageSize: 100,
    refuseWrites: false,
  };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    standIn.requests.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      authorization: req.headers.authorization,
      body,
    });
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Bad credentials' });
    const list = new RegExp(`^/repos/${repository}/issues/(\\d+)/comments$`).exec(url.pathname);
    const one = new RegExp(`^/repos/${repository}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (list && req.method === 'GET') {
      const all = standIn.comments.get(Number(list[1])) ?? [];
      const size = Math.min(Number(url.searchParams.get('per_page') ?? 30), standIn.pageSize);
      const page = Number(url.searchParams.get('page') ?? 1);
      const headers: Record<string, string> = {};
      if (page * size < all.length) {
        const next = new URL(url.href);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${standInUrl()}${next.pathname}${next.search}>; rel="next", <${standInUrl()}${url.pathname}?page=1>; rel="first"`;
      }
      return send(200, all.slice((page - 1) * size, page * size), headers);
    }
    if (standIn.refuseWrites && (req.method === 'POST' || req.method === 'PATCH'))
      return send(403, { message: 'Resource not accessible by integration' });
    if (list && req.method === 'POST') {
      const issue = Number(list[1]);
      const comment: Comment = {
        id: nextId++,
        body: (JSON.parse(body) as { body: string }).body,
        user: { login: 'github-actions[bot]', type: 'Bot' },
      };
      standIn.comments.set(issue, [...(standIn.comments.get(issue) ?? []), comment]);
      return send(201, comment);
    }
    if (one && req.method === 'PATCH') {
      const comment = [...standIn.comments.values()].flat().find((c) => c.id === Number(one[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = (JSON.parse(body) as { body: string }).body;
      return send(200, comment);
    }
    return send(404, { message: 'Not Found' });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const standInUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(standIn, {
    url: standInUrl(),
    close: () => new Promise<void>((done) => server.close(() => done())),
  });
}
