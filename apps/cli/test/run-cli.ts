// Runs the built `invest` as a user would: a child process with its own INVEST_HOME, no TTY.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MAIN = new URL('../dist/main.mjs', import.meta.url).pathname;
const LOOPBACK_ONLY = new URL('../../../tools/test-setup/loopback-only.mjs', import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env` adds to (or, with a value of `undefined`, removes from) the child's environment; `cwd` is where it runs. */
export function invest(home: string, args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliResult> {
  // Every child runs with the loopback-only guard: no test can reach a real broker host.
  const childEnv = Object.fromEntries(Object.entries({ PATH: process.env.PATH ?? '', HOME: home, INVEST_HOME: home, INVEST_KEYRING: '0', NODE_OPTIONS: `--import ${LOOPBACK_ONLY}`, ...env }).filter(([, v]) => v !== undefined));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: childEnv, timeout: 60_000, ...(cwd ? { cwd } : {}) },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export async function freshHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'invest-cli-'));
}

/** A home with the starter config (`invest init`). */
export async function initHome(): Promise<string> {
  const home = await freshHome();
  const r = await invest(home, ['init']);
  if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
  return home;
}
