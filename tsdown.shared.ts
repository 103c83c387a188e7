import { defineConfig, type UserConfig } from 'tsdown';

/** The build every library package uses: ESM for Node 22+, declarations emitted by TypeScript. */
export function libraryBuild(overrides: UserConfig = {}): UserConfig {
  return defineConfig({
    entry: ['src/index.ts'],
    format: 'esm',
    platform: 'node',
    target: 'node22',
    dts: true,
    clean: true,
    sourcemap: false,
    ...overrides,
  }) as UserConfig;
}
