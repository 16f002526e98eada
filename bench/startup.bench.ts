/**
 * Start-up time and idle memory of the real `remit start` process, against a bare Fastify process measured in the
 * same run: time from spawn to the first 200 on /healthz, and resident memory (VmRSS) after a few idle seconds.
 * See bench/README.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../scripts/build-server.mjs';
import { freePort, openBenchDatabase } from './lib/database.ts';
import { cleanup, envInteger, onCleanup, progress } from './lib/run.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = envInteger('BENCH_RUNS', 3);
const IDLE_SECONDS = envInteger('BENCH_IDLE_SECONDS', 3);

interface Variant {
  name: string;
  args: string[];
}

const bare: Variant = {
  name: 'bare Fastify (baseline)',
  args: ['bench/lib/bare-health-server.mjs'],
};
const fromSource: Variant = {
  name: 'remit from TypeScript (tsx)',
  args: ['--import', 'tsx', 'src/cli/main.ts', 'start'],
};
const compiled: Variant = { name: 'remit compiled (npm start)', args: ['build/cli/main.js', 'start'] };

interface Sample {
  startMs: number;
  rssMb: number;
}

async function vmRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return Math.round(kb / 1024);
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
}

async function measure(variant: Variant, env: NodeJS.ProcessEnv): Promise<Sample> {
  const port = await freePort();
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant.name} exited early:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) break;
      if (performance.now() - started > 120_000)
        throw new Error(`${variant.name} did not answer:\n${output}`);
      await sleep(20);
    }
    const startMs = Math.round(performance.now() - started);
    await sleep(IDLE_SECONDS * 1000);
    return { startMs, rssMb: await vmRssMb(child.pid!) };
  } finally {
    await stopProcess(child);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function series(label: string, variant: Variant, env: NodeJS.ProcessEnv) {
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    samples.push(await measure(variant, env));
    progress(`${label} ${variant.name}: ${samples.at(-1)!.startMs} ms, ${samples.at(-1)!.rssMb} MB`);
  }
  return {
    label,
    variant: variant.name,
    startMs: median(samples.map((sample) => sample.startMs)),
    rssMb: median(samples.map((sample) => sample.rssMb)),
    samples,
  };
}

await buildServer({ ifStale: true });

// Cold: the embedded PostgreSQL is down and each start brings it up (the data directory is initialised once,
// before measuring). Warm: the database already runs (DATABASE_URL).
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'remit-bench-start-'));
await chmod(dataDir, 0o755);
onCleanup(() => rm(dataDir, { recursive: true, force: true }));
const coldEnv = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '' };
progress('initialising the embedded data directory (not measured)');
await measure(compiled, coldEnv);

const database = await openBenchDatabase(progress);
onCleanup(() => database.dispose());
const warmEnv = { DATABASE_URL: database.url, APP_SECRET: 'b'.repeat(64) };
await measure(compiled, warmEnv); // applies the migrations once

const results = [];
try {
  for (const variant of [bare, fromSource, compiled]) results.push(await series('warm', variant, warmEnv));
  for (const variant of [fromSource, compiled]) results.push(await series('cold', variant, coldEnv));
} finally {
  await cleanup();
}

const baseline = results[0]!;
console.log(
  `\nStart-up to the first 200 on /healthz and VmRSS after ${IDLE_SECONDS} s idle; median of ${RUNS}\n`,
);
console.log('| process | database | start (ms) | vs bare | idle RSS (MB) | vs bare |');
console.log('|---|---|---|---|---|---|');
for (const result of results) {
  const db =
    result.variant === bare.name ? 'none' : result.label === 'cold' ? 'embedded, stopped' : 'running';
  console.log(
    `| ${result.variant} | ${db} | ${result.startMs} | ${(result.startMs / baseline.startMs).toFixed(1)}x | ` +
      `${result.rssMb} | ${(result.rssMb / baseline.rssMb).toFixed(1)}x |`,
  );
}
await mkdir(path.join(root, 'test-artifacts'), { recursive: true });
await writeFile(path.join(root, 'test-artifacts/bench-startup.json'), JSON.stringify(results, null, 2));
