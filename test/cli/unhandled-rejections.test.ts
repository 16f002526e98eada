/**
 * The server's guard against rejections nobody handles, in a real Node process: one from a database that went away
 * (as pg-boss leaves when it cannot mark a job done) is logged and survived; any other still ends the process.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const guard = new URL('../../src/cli/unhandled-rejections.ts', import.meta.url).href;
const logger = new URL('../../src/logger.ts', import.meta.url).href;

async function runWithGuard(rejection: string): Promise<{ code: number | null; output: string }> {
  const script = `
    const { surviveDatabaseOutages } = await import(${JSON.stringify(guard)});
    const { createLogger } = await import(${JSON.stringify(logger)});
    surviveDatabaseOutages(createLogger('info'));
    Promise.reject(${rejection});
    setTimeout(() => { console.log('still running'); process.exit(0); }, 300);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output };
}

describe('unhandled rejections in the server process', () => {
  it('survives one from a database that went away, and says so', async () => {
    const run = await runWithGuard(
      `Object.assign(new Error('terminating connection due to unexpected postmaster exit'), { code: '57P01' })`,
    );
    expect(run.output).toContain('a background database call failed while the database was away');
    expect(run.output).toContain('still running');
    expect(run.code).toBe(0);
  });

  it('still ends the process on any other, after logging it', async () => {
    const run = await runWithGuard(`new TypeError('a real bug')`);
    expect(run.output).toContain('unhandled promise rejection');
    expect(run.output).toContain('a real bug');
    expect(run.output).not.toContain('still running');
    expect(run.code).toBe(1);
  });
});
