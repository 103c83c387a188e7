import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The bundled page script and stylesheet, as the build writes them (`dist/assets`). */
export interface PageAssets {
  script: Buffer;
  style: Buffer;
}

/**
 * Where the built page lives: beside the built module (`dist/assets`), or, when this module runs
 * from source (tests, `tsx`), in the package's `dist/assets`.
 *
 * @example
 * ```ts
 * pageAssetsDir() // '/…/node_modules/@invest/dashboard/dist/assets/'
 * ```
 */
export function pageAssetsDir(): string {
  const candidates = [new URL('./assets/', import.meta.url), new URL('../../dist/assets/', import.meta.url)];
  const found = candidates.find((u) => existsSync(new URL('page.js', u)));
  if (!found) throw new Error('The dashboard page is not built: run `pnpm exec nx run @invest/dashboard:build`');
  return fileURLToPath(found);
}

/**
 * Reads the built page once per server.
 *
 * @example
 * ```ts
 * const { script } = await loadPageAssets(pageAssetsDir())
 * ```
 */
export async function loadPageAssets(dir: string): Promise<PageAssets> {
  const [script, style] = await Promise.all([readFile(`${dir}/page.js`), readFile(`${dir}/page.css`)]);
  return { script, style };
}
