// Install-time manifest fixes. Read docs/decisions/010-eslint-type-checked.md before adding one.

/** The TypeScript with the JavaScript compiler API that typescript-eslint's type-aware rules load. */
const TYPESCRIPT_FOR_ESLINT = '6.0.3';

/**
 * The workspace's `typescript` is 7 (the Go port, no compiler API), so typescript-eslint must not
 * take it as its peer: its packages get their own `typescript` 6 as a plain dependency instead.
 * `tsc` and tsdown still resolve the root's TypeScript 7.
 */
function readPackage(pkg) {
  if (pkg.name === 'typescript-eslint' || pkg.name.startsWith('@typescript-eslint/')) {
    if (pkg.peerDependencies?.typescript !== undefined) {
      delete pkg.peerDependencies.typescript;
      pkg.dependencies = { ...pkg.dependencies, typescript: TYPESCRIPT_FOR_ESLINT };
    }
  }
  return pkg;
}

export const hooks = { readPackage };
