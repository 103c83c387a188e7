// Finds Debian's `chromium` for the browser tests (Playwright drives it; its own browser download is
// not used). Outside CI a machine without it skips those tests, saying why; in CI (CI=true) its
// absence is a failure, so the browser tests can never vanish from a CI run unnoticed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The chromium executable: `CHROMIUM_PATH`, else the first of chromium / chromium-browser on PATH. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = r.stdout.trim();
    if (r.status === 0 && path) return path;
  }
  return undefined;
}

export const CHROMIUM = chromiumPath();
/** CI runs every browser test: a missing chromium fails there, it never skips. */
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Why the browser tests do not run here, or undefined when they do. In CI a missing chromium is
 * not a reason: the tests run and fail in their setup.
 */
export const browserSkipReason: string | undefined = CHROMIUM || inCi ? undefined : 'chromium is not installed (apt-get install chromium); browser tests skipped outside CI';
if (browserSkipReason) console.warn(`[dashboard] ${browserSkipReason}`);

/** Chromium's path, or the error that fails a CI run without it. */
export function requireChromium(): string {
  if (!CHROMIUM) throw new Error("chromium not found: the dashboard's browser tests need Debian's chromium package in CI (tools/bootstrap.mjs installs it)");
  return CHROMIUM;
}

/** Launch arguments: no sandbox when running as root (containers), as Chromium requires. */
export const chromiumArgs = (): string[] => (process.getuid?.() === 0 ? ['--no-sandbox'] : []);
