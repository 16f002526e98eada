import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * Slow clients over real sockets: one that sends its headers a byte at a time, one that sends its body a byte at a
 * time, one that connects and says nothing, and one that keeps an idle connection open. With short limits the
 * server closes each of them (with a 408 problem+json where a response can still be written) and keeps serving
 * everyone else. Each slow client would go on far longer than the limits: only the server can end it.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

const SHORT_LIMITS = {
  headersTimeoutMs: 600,
  requestTimeoutMs: 1_000,
  keepAliveTimeoutMs: 300,
  idleTimeoutMs: 20_000,
  maxConnections: 0,
};

async function listeningApp(
  httpLimits: typeof SHORT_LIMITS,
): Promise<{ app: FastifyInstance; port: number }> {
  const app = await buildApp({
    deps: { db: database.db, clock: new TestClock() },
    appUrl: 'http://localhost:3000',
    logLevel: 'silent',
    httpLimits,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as net.AddressInfo).port };
}

interface SlowClient {
  /** Resolves when the connection is closed, with everything the server sent. */
  closed: Promise<{ received: string; sentAll: boolean }>;
  connected: Promise<void>;
  socket: net.Socket;
}

/** Opens a socket and writes `chunks`, one every `everyMs`, until it has sent them all or the server hangs up. */
function slowClient(port: number, chunks: string[], everyMs = 200): SlowClient {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let next = 0;
  socket.setEncoding('utf8');
  socket.on('data', (data: string) => {
    received += data;
  });
  socket.on('error', () => {});
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const timer = setInterval(() => {
    if (next < chunks.length && socket.writable) socket.write(chunks[next++]!);
  }, everyMs);
  const closed = new Promise<{ received: string; sentAll: boolean }>((resolve) => {
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ received, sentAll: next >= chunks.length });
    });
  });
  return { closed, connected, socket };
}

/** Status line, headers and the parsed problem of a raw HTTP/1.1 response. */
function parseResponse(raw: string) {
  const [head, body = ''] = raw.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head!.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { statusLine, headers, body };
}

function expectRequestTimeoutProblem(raw: string) {
  const response = parseResponse(raw);
  expect(response.statusLine).toBe('HTTP/1.1 408 Request Timeout');
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.headers.connection).toBe('close');
  expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
  expect(JSON.parse(response.body)).toMatchObject({ status: 408, code: 'request_timeout' });
}

/** A byte at a time: far longer than any limit above (200 ms a byte). */
function bytes(text: string): string[] {
  return [...text];
}

describe('slow clients', () => {
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    ({ app, port } = await listeningApp(SHORT_LIMITS));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('closes a client that sends its headers a byte at a time, with a 408 problem, while others are served', async () => {
    const slowHeaders = slowClient(
      port,
      bytes(`GET /healthz HTTP/1.1\r\nHost: localhost\r\nUser-Agent: ${'slow'.repeat(50)}\r\n\r\n`),
    );
    const slowBody = slowClient(port, [
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
      ...bytes(JSON.stringify({ email: 'someone@example.com', password: 'x'.repeat(150) }).padEnd(200)),
    ]);
    await Promise.all([slowHeaders.connected, slowBody.connected]);

    // Everyone else is served while the slow clients hold their connections.
    const normal = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(normal.status).toBe(200);
    expect(await normal.json()).toEqual({ status: 'ok' });

    const headersResult = await slowHeaders.closed;
    expect(headersResult.sentAll).toBe(false);
    expectRequestTimeoutProblem(headersResult.received);

    const bodyResult = await slowBody.closed;
    expect(bodyResult.sentAll).toBe(false);
    expectRequestTimeoutProblem(bodyResult.received);
  });

  it('closes a connection on which nothing is ever sent', async () => {
    const silent = slowClient(port, []);
    await silent.connected;
    expectRequestTimeoutProblem((await silent.closed).received);
  });

  it('closes a kept-alive connection that stays idle after its response', async () => {
    const idle = slowClient(port, ['GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n']);
    const { received } = await idle.closed;
    // One complete response, then the server hung up without another word.
    const response = parseResponse(received);
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.headers.connection).toBe('keep-alive');
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});

describe('connection cap', () => {
  it('refuses connections beyond HTTP_MAX_CONNECTIONS and accepts again once one closes', async () => {
    const { app, port } = await listeningApp({
      ...SHORT_LIMITS,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 20_000,
      maxConnections: 2,
    });
    const held = [slowClient(port, []), slowClient(port, [])];
    try {
      await Promise.all(held.map((client) => client.connected));
      await waitForConnections(app, 2);

      const refused = slowClient(port, ['GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n']);
      expect((await refused.closed).received).toBe('');

      held[0]!.socket.destroy();
      await held[0]!.closed;
      await waitForConnections(app, 1);
      const served = slowClient(port, [
        'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      ]);
      expect(parseResponse((await served.closed).received).statusLine).toBe('HTTP/1.1 200 OK');
    } finally {
      for (const client of held) client.socket.destroy();
      await app.close();
    }
  });
});

/** Waits until the server counts `count` open connections (it learns of a close a moment after the client). */
async function waitForConnections(app: FastifyInstance, count: number): Promise<void> {
  for (;;) {
    const open = await new Promise<number>((resolve, reject) =>
      app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))),
    );
    if (open === count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
