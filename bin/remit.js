#!/usr/bin/env node
// Runs the compiled CLI (build/, see scripts/build-server.mjs) in this process, compiling it first when the sources
// changed since the last build: no TypeScript is compiled at each start, and signals reach the server directly.
import { buildServer } from '../scripts/build-server.mjs';

await buildServer({ ifStale: true });
await import('../build/cli/main.js');
