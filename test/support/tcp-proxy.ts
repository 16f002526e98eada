import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP forwarder on loopback in front of a real PostgreSQL: a test can make the database unreachable (not
 * listening yet) and reachable again without touching the server itself.
 */
export interface TcpProxy {
  port: number;
  /** Start accepting and forwarding connections. */
  open(): Promise<void>;
  /** Stop accepting and cut every forwarded connection. */
  close(): Promise<void>;
}

export function tcpProxy(port: number, target: { host: string; port: number }): TcpProxy {
  const sockets = new Set<Socket>();
  const server = createServer((incoming) => {
    const outgoing = createConnection(target);
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  return {
    port,
    open: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
