// The watch that guards every test run must itself be able to fail: run a fixture file that
// leaks the canary in four ways (and once not at all) and check exactly the four fail.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const here = new URL('..', import.meta.url).pathname;
const root = new URL('../../..', import.meta.url).pathname;

it('fails each test that leaks a canary secret, and only those', async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'invest-watch-')), 'report.json');
  const vitest = join(root, 'node_modules', '.bin', 'vitest');
  const child = run(vitest, ['run', '--config', join(here, 'fixtures', 'vitest.config.ts'), '--reporter=json', `--outputFile=${out}`], { cwd: here });
  await expect(child).rejects.toMatchObject({ code: 1 });
  const report = JSON.parse(await readFile(out, 'utf8'));
  const status = Object.fromEntries(report.testResults[0].assertionResults.map((a: { title: string; status: string }) => [a.title, a.status]));
  expect(status).toEqual({
    'leaks through an error message that is caught': 'failed',
    'leaks through console.log': 'failed',
    'leaks through a log record (the logger redacts fields, not free text it was not told about)': 'failed',
    'leaks through stdout': 'failed',
    'does not leak': 'passed',
  });
}, 60_000);
