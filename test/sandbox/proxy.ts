/**
 * A TCP forwarder in front of the sandbox, for the one fault the sandbox cannot make itself: a
 * refused connection. `stop()` closes the listening socket and every open connection (pooled
 * keep-alive ones included), so the next request meets ECONNREFUSED; `start()` listens again on
 * the same port.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Forwarder {
  /** `http://127.0.0.1:<port>`: sign in against this instead of the sandbox. */
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startForwarder(target: string): Promise<Forwarder> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const address = s.address();
        if (address && typeof address === 'object') port = address.port;
        server = s;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    stop,
    start: () => (server ? Promise.resolve() : listen()),
    close: stop,
  };
}
