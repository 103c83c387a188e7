import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node22',
  dts: true,
  clean: true,
  sourcemap: false,
  // The CLI is an application: bundling its dependencies into a few chunks makes it start in a
  // fraction of the time resolving ~100 modules takes. Commands still load lazily (one chunk each).
  noExternal: [/.*/],
  // Native and optional modules stay external: the keyring modules are loaded only if installed.
  external: ['keytar', '@github/keytar', '@napi-rs/keyring'],
});
