// The published tarball carries the built page: the server reads it from beside itself at run
// time, and nothing is fetched from the network.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkgDir = new URL('..', import.meta.url).pathname;
let files: string[] = [];
let script = '';

describe('packed @invest/dashboard', () => {
  beforeAll(async () => {
    const out = await mkdtemp(join(tmpdir(), 'invest-pack-'));
    await run('pnpm', ['pack', '--pack-destination', out], { cwd: pkgDir });
    const tarball = join(out, (await readdir(out)).find((f) => f.endsWith('.tgz'))!);
    files = (await run('tar', ['-tzf', tarball])).stdout.split('\n').filter(Boolean);
    script = (await run('tar', ['-xzOf', tarball, 'package/dist/assets/page.js'], { maxBuffer: 16 * 1024 * 1024 })).stdout;
  }, 120_000);

  it('ships the server, its types, the page script and stylesheet, and nothing from src or test', () => {
    expect(files).toEqual(expect.arrayContaining(['package/dist/index.mjs', 'package/dist/index.d.mts', 'package/dist/assets/page.js', 'package/dist/assets/page.css', 'package/README.md']));
    expect(files.filter((f) => /\/(src|test|bench)\//.test(f))).toEqual([]);
  });

  it('bundles the charts into the page script and loads nothing from another host', () => {
    expect(script).toMatch(/doughnut/);
    expect(script).not.toMatch(/\bimport\s*\(?\s*["']https?:/);
    expect(script).not.toMatch(/from\s*["'][^"'./]/); // no bare import left for the browser to resolve
  });
});
