// ESLint over the TypeScript the workspace typechecks, with typescript-eslint's type-aware rules.
// typescript-eslint loads TypeScript 6 (its own dependency, see .pnpmfile.mjs); `tsc` stays on 7.
// Why each relaxation below exists: docs/decisions/010-eslint-type-checked.md.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Every folder a project's tsconfig.json includes, plus the bench harness the bench scripts share. */
const linted = [
  '{packages,apps,examples}/*/{src,test,bench}/**/*.ts',
  'tools/{ci,contracts,fake-tws}/{src,test}/**/*.ts',
  'tools/test-setup/**/*.ts',
  'tools/bench/*.ts',
];

/** Test and benchmark code, which reads JSON (reports, fixtures, CLI output) without a schema. */
const tests = [
  '{packages,apps,examples}/*/test/**/*.ts',
  '{packages,apps,examples}/*/src/**/*.{test,test-d}.ts',
  '{packages,apps}/*/bench/**/*.ts',
  'tools/{ci,contracts,fake-tws}/test/**/*.ts',
  'tools/{test-setup,bench}/**/*.ts',
];

export default defineConfig(
  {
    ignores: ['**/dist/', '**/reports/', '**/coverage/', '**/*.d.ts', '**/*.d.mts', 'bench/results/', '.nx/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: linted,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked in the program of its nearest tsconfig.json, as `tsc -p` sees it.
        projectService: {
          // tools/bench has no project of its own; its harness is checked with the base options.
          allowDefaultProject: ['tools/bench/*.ts'],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The two rules this config exists for; tools/ci/test/eslint-config.test.ts fails without them.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // In-memory implementations of async interfaces (Broker, SecretStore) are `async` without
      // awaiting anything, so that a throw reaches the caller as a rejection.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks what is left out on purpose: `const { id: _id, ...rest } = x`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Handing on a caught error (`catch (error) { return Promise.reject(error) }`) is allowed;
      // rejecting with a string or a plain object still is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // A `let` that closures declared above read, assigned once further down, stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Decimal's toString() is its exact text, the form messages want.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allow: [
            { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
            { from: 'file', name: 'Decimal' },
            { from: 'package', name: 'Decimal', package: '@invest/broker-core' },
          ],
        },
      ],
    },
  },
  {
    files: tests,
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
