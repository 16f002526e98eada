// The baseline process of bench/startup.bench.ts: Node, Fastify and one JSON route, nothing else (plain
// JavaScript, as a compiled server runs).
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
