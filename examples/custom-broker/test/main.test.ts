// src/main.ts is what a user runs first: run it as they would and check what it prints.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

it('registers the plugin, buys and prints the position', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: exampleDir, encoding: 'utf8', timeout: 15_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout.split('\n')).toEqual([
    'order filled: bought 10 ACME at 12.50',
    'position: 10 ACME, average cost 12.50, value 125.00',
    'cash: 9875.00 USD',
    '',
  ]);
});
