// Vitest global setup: the server serves the built page (`dist/assets`). `nx run test` builds it
// first; a bare `vitest run` in a fresh clone builds it here once instead of failing every test.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup(): void {
  const pkgDir = new URL('../..', import.meta.url).pathname;
  if (!existsSync(`${pkgDir}dist/assets/page.js`)) execFileSync('pnpm', ['exec', 'tsdown'], { cwd: pkgDir, stdio: 'inherit' });
}
