// src/main.ts is the original's example as users ran it: run it the same way and check what it prints.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

it('splits 100 TSLA 2:1 across the two accounts and prints one consolidated position', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: exampleDir, encoding: 'utf8', timeout: 15_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout.split('\n')).toEqual([
    'Portfolio Value: $100,000.00',
    // Weights 1 and 0.5: 66.67 and 33.33 shares, the spare share to the larger remainder.
    'alpaca: bought 67 TSLA',
    'simulation: bought 33 TSLA',
    'accepted 100 of 100 (complete)',
    'TSLA: 100 shares (alpaca 67, simulation 33)',
    '',
  ]);
});
