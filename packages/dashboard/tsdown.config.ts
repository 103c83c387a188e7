import { defineConfig, type UserConfig } from 'tsdown';
import { libraryBuild } from '../../tsdown.shared.ts';

/**
 * Two outputs: the server (a Node library, like every package) and the page, bundled with its
 * chart library into one minified browser script in `dist/assets`, beside its stylesheet. The page
 * needs nothing from the network at run time.
 */
export default [
  libraryBuild(),
  defineConfig({
    entry: { page: 'src/page/main.ts' },
    outDir: 'dist/assets',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    dts: false,
    clean: false,
    hash: false,
    sourcemap: false,
    outExtensions: () => ({ js: '.js' }),
    noExternal: [/.*/],
    deps: { onlyBundle: false },
    copy: [{ from: 'src/page/page.css', to: 'dist/assets' }],
  }) as UserConfig,
];
