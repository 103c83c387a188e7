import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The one vitest configuration every package uses: a JSON report per project (summed by
 * `tools/ci/test-summary.mjs` into the CI's closing line) and the secret watch that fails any
 * test whose logs, output or errors carry the canary secret.
 */
export function investProject(projectDir: string, extra: ViteUserConfig['test'] = {}): ViteUserConfig {
  const name = basename(projectDir);
  return defineConfig({
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: [resolve(root, 'tools/test-setup/secret-watch.ts')],
      reporters: ['default', ['json', { outputFile: resolve(projectDir, 'reports/vitest.json') }]],
      testTimeout: 20_000,
      ...extra,
    },
  });
}
