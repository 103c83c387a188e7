// `pnpm --filter @invest/contracts derive [--check]`: derives every target's facts from the specs
// directory (INVEST_SPECS_DIR, default ../shared/specs beside the repository) and writes them, or
// with --check compares them with the committed files and exits 1 on drift.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveOpenApiFacts, type JsonObject } from './openapi-facts.ts';
import { TARGETS, type ContractTarget, type TdEndpointsTarget } from './targets.ts';
import { deriveTdFacts } from './td-endpoint-facts.ts';

export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function specsDir(): string {
  return process.env.INVEST_SPECS_DIR ?? resolve(repoRoot, '..', 'shared', 'specs');
}

/** The derived file's text for one target (canonical JSON, trailing newline). */
export function deriveTarget(target: ContractTarget, dir: string = specsDir()): string {
  let facts;
  if (target.kind === 'td-endpoints') {
    facts = deriveTdTarget(target, dir);
  } else {
    const raw = readFileSync(join(dir, target.spec));
    const sha256 = createHash('sha256').update(raw).digest('hex');
    // An OpenAPI document: a JSON object at the top.
    facts = deriveOpenApiFacts(JSON.parse(raw.toString('utf8')) as JsonObject, target.spec, sha256, target.operations);
  }
  const doc = {
    $comment: 'Derived by tools/contracts from the spec named in source: structural facts only. Do not edit; run pnpm --filter @invest/contracts derive.',
    ...facts,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** TD's files of the chosen endpoints; the hash covers them (sorted by name), so drift in any is seen. */
function deriveTdTarget(target: TdEndpointsTarget, dir: string) {
  const folder = join(dir, target.spec);
  const names = new Set(target.operations.map((o) => o.name));
  const hash = createHash('sha256');
  const files: Record<string, JsonObject> = {};
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    if (!names.has(name)) continue;
    const raw = readFileSync(join(folder, file));
    hash.update(raw);
    files[name] = JSON.parse(raw.toString('utf8')) as JsonObject;
  }
  const version = JSON.parse(readFileSync(join(folder, 'version.json'), 'utf8')) as { date?: string };
  return deriveTdFacts(files, target.spec, hash.digest('hex'), version.date ?? '', target.operations);
}

/** Targets whose committed file differs from a fresh derivation. */
export function drift(dir: string = specsDir()): string[] {
  return TARGETS.filter((t) => {
    const file = join(repoRoot, t.out);
    return !existsSync(file) || readFileSync(file, 'utf8') !== deriveTarget(t, dir);
  }).map((t) => t.out);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = specsDir();
  if (!existsSync(dir)) {
    console.error(`no specs directory at ${dir} (set INVEST_SPECS_DIR)`);
    process.exit(2);
  }
  if (process.argv.includes('--check')) {
    const changed = drift(dir);
    for (const out of changed) console.error(`drift: ${out}`);
    process.exit(changed.length > 0 ? 1 : 0);
  }
  for (const target of TARGETS) {
    const file = join(repoRoot, target.out);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, deriveTarget(target, dir));
    console.log(`wrote ${target.out}`);
  }
}
