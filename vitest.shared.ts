import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Tests import workspace packages from their source, so a test run needs no build first and
 * every package shares one module graph (one `BrokerError` class). The packed-tarball tests
 * check the built output separately.
 */
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const entry = join(dir, name, 'src', 'index.ts');
      if (!existsSync(entry)) continue;
      aliases.push({ find: new RegExp(`^@invest/${name}$`), replacement: entry });
      // A subpath export `./x` is the source folder `src/x` (e.g. `@invest/broker-core/state`).
      const exported = (JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> }).exports ?? {};
      for (const sub of Object.keys(exported)) {
        const folder = /^\.\/([a-z-]+)$/.exec(sub)?.[1];
        const source = folder && join(dir, name, 'src', folder, 'index.ts');
        if (source && existsSync(source)) aliases.push({ find: new RegExp(`^@invest/${name}/${folder}$`), replacement: source });
      }
    }
  }
  return aliases;
}

/**
 * The one vitest configuration every project uses: a JSON report per project (summed by
 * `tools/ci/run-tests.mjs` into the CI's closing line) and the secret watch that fails any test
 * whose logs, output or errors carry the canary secret.
 */
export function investProject(projectDir: string, extra: NonNullable<ViteUserConfig['test']> = {}): ViteUserConfig {
  const name = basename(projectDir);
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: [resolve(root, 'tools/test-setup/secret-watch.ts'), resolve(root, 'tools/test-setup/fast-check.ts')],
      reporters: ['default', ['json', { outputFile: resolve(projectDir, 'reports/vitest.json') }]],
      testTimeout: 20_000,
      ...extra,
    },
  });
}
