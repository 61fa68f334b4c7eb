// @ts-check
// The benchmark's line into VS Code's extension host. The probe (bench/probe, run as the
// smoke-test driver's extensionTestsPath) says hello, then long-polls here for operations,
// runs each inside the extension host and posts the result back. The orchestrator's script
// stays linear: `await window.call('activate', { id })`, a Playwright click, another call.
//
// One HTTP server on 127.0.0.1 for the whole session; every window's probe gets its own
// session id, so a closing window's probe can never take an operation meant for the next.
import { createServer } from 'node:http';
import { track } from '../../test/vscode/cleanup.mjs';

/**
 * @typedef {object} Operation
 * @property {number} id
 * @property {string} op
 * @property {unknown} args
 *
 * @typedef {object} ProbeSession
 * @property {string} id
 * @property {number} pid    the extension host's process id
 * @property {<T = unknown>(op: string, args?: unknown, timeoutMs?: number) => Promise<T>} call
 * @property {() => Promise<void>} end   tells the probe to return from run()
 * @property {() => void} forget          drops the session (its window is reloading: the probe is gone)
 */

/**
 * @returns {Promise<{ url: string, nextSession: (timeoutMs?: number) => Promise<ProbeSession>, close: () => Promise<void> }>}
 */
export async function startChannel() {
  /** @type {Map<string, { queue: Operation[], waiting?: (op: Operation) => void }>} */
  const sessions = new Map();
  /** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>} */
  const pending = new Map();
  /** @type {((s: { id: string, pid: number }) => void)[]} */
  const helloWaiters = [];
  let nextOp = 1;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? null));
    };
    readJson(req).then(
      (body) => {
        if (url.pathname === '/hello') {
          const hello = /** @type {{ session: string, pid: number }} */ (body);
          sessions.set(hello.session, { queue: [] });
          const waiter = helloWaiters.shift();
          if (waiter) waiter({ id: hello.session, pid: hello.pid });
          else sessions.delete(hello.session);
          reply(200, { accepted: !!waiter });
          return;
        }
        if (url.pathname === '/next') {
          const session = sessions.get(url.searchParams.get('session') ?? '');
          if (!session) return reply(200, { id: 0, op: 'end', args: null });
          const op = session.queue.shift();
          if (op) return reply(200, op);
          session.waiting = (next) => reply(200, next);
          req.on('close', () => {
            if (session.waiting) session.waiting = undefined;
          });
          return;
        }
        if (url.pathname === '/result') {
          const r = /** @type {{ id: number, ok: boolean, value?: unknown, error?: string }} */ (body);
          const p = pending.get(r.id);
          pending.delete(r.id);
          if (p) r.ok ? p.resolve(r.value) : p.reject(new Error(`probe: ${r.error}`));
          return reply(200, {});
        }
        reply(404, { error: 'unknown route' });
      },
      (err) => reply(400, { error: String(err) }),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const close = track({
    name: 'bench channel',
    release: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    releaseSync: () => {},
  });

  /** @param {string} sessionId @param {Operation} op */
  function send(sessionId, op) {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`probe session ${sessionId} is gone`);
    const waiting = session.waiting;
    session.waiting = undefined;
    if (waiting) waiting(op);
    else session.queue.push(op);
  }

  return {
    url: `http://127.0.0.1:${address.port}`,
    close,
    nextSession(timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = helloWaiters.indexOf(onHello);
          if (i >= 0) helloWaiters.splice(i, 1);
          reject(new Error(`no probe connected within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        timer.unref();
        /** @param {{ id: string, pid: number }} s */
        function onHello(s) {
          clearTimeout(timer);
          resolve({
            id: s.id,
            pid: s.pid,
            call(op, args = null, callTimeoutMs = 60_000) {
              const id = nextOp++;
              return new Promise((res, rej) => {
                const t = setTimeout(() => {
                  pending.delete(id);
                  rej(new Error(`probe operation ${op} timed out after ${callTimeoutMs / 1000} s`));
                }, callTimeoutMs);
                t.unref();
                pending.set(id, {
                  resolve: (v) => {
                    clearTimeout(t);
                    res(/** @type {any} */ (v));
                  },
                  reject: (e) => {
                    clearTimeout(t);
                    rej(e);
                  },
                });
                send(s.id, { id, op, args });
              });
            },
            async end() {
              if (!sessions.has(s.id)) return;
              send(s.id, { id: 0, op: 'end', args: null });
              sessions.delete(s.id);
            },
            forget() {
              sessions.delete(s.id);
            },
          });
        }
        helloWaiters.push(onHello);
      });
    },
  };
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<unknown>} */
function readJson(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}
