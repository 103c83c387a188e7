// The root eslint.config.js keeps the two promise rules in force: code with a floating promise or
// an async callback where a void one is expected is an error, in every folder `pnpm lint` covers.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const RULES = ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises'] as const;

// Linted as the text of broker-core's src/index.ts (the file must exist for the project service
// to put it in broker-core's program; only this text is read, nothing is written).
const INSIDE_BROKER_CORE = join(root, 'packages/broker-core/src/index.ts');

const floating = `async function save(): Promise<void> {}
save();
export {};
`;
const misused = `async function save(): Promise<void> {}
setTimeout(async () => {
  await save();
}, 10);
export {};
`;
const handled = `async function save(): Promise<void> {}
await save();
// Fire-and-forget on purpose: the failure is logged, not lost.
void save().catch((error: unknown) => console.error(error));
setTimeout(() => void save().catch((error: unknown) => console.error(error)), 10);
export {};
`;

async function errorsIn(code: string): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: INSIDE_BROKER_CORE });
  return result?.messages.filter((m) => m.severity === 2) ?? [];
}

/** One file path per folder a project's tsconfig includes (src, test, bench, and tools' own layouts). */
function lintedFolders(): string[] {
  const folders: string[] = [];
  for (const group of ['packages', 'apps', 'examples', 'tools']) {
    for (const name of readdirSync(join(root, group))) {
      const project = join(root, group, name);
      if (!existsSync(join(project, 'tsconfig.json'))) continue;
      for (const sub of ['src', 'test', 'bench']) if (existsSync(join(project, sub))) folders.push(join(project, sub));
    }
  }
  return folders;
}

describe('eslint.config.js', () => {
  it('reports a floating promise as an error', async () => {
    const errors = await errorsIn(floating);
    expect(errors.map((m) => [m.ruleId, m.line])).toEqual([['@typescript-eslint/no-floating-promises', 2]]);
  });

  it('reports an async callback passed where a void-returning one is expected as an error', async () => {
    const errors = await errorsIn(misused);
    expect(errors.map((m) => [m.ruleId, m.line])).toEqual([['@typescript-eslint/no-misused-promises', 2]]);
  });

  it('accepts awaited promises and a void fire-and-forget whose failure is handled', async () => {
    expect(await errorsIn(handled)).toEqual([]);
  });

  it('has both rules as errors in every linted folder of every project', async () => {
    const eslint = new ESLint({ cwd: root });
    const folders = lintedFolders();
    expect(folders.length).toBeGreaterThan(10);
    for (const folder of folders) {
      const config = await eslint.calculateConfigForFile(join(folder, 'any-file.ts'));
      for (const rule of RULES) {
        const severity = config?.rules?.[rule]?.[0];
        expect({ folder: folder.slice(root.length), rule, severity }).toEqual({ folder: folder.slice(root.length), rule, severity: 2 });
      }
    }
  });
});
