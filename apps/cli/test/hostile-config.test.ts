// A config file is user input, sometimes copied from someone else. Whatever it holds, `invest`
// ends with one line and exit 3 (ConfigError), never a hang, a stack overflow or a raw errno.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshHome, initHome, invest, type CliResult } from './run-cli.ts';

function oneConfigLine(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(3);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/EISDIR|EACCES|EEXIST|ENOTDIR|is not a function|Maximum call stack/);
}

async function homeWith(doc: unknown): Promise<string> {
  const home = await freshHome();
  await writeFile(join(home, 'brokers.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return home;
}

describe('hostile config files', () => {
  it.each(['__proto__', 'constructor', 'toString'])('type "%s" is an unknown type (exit 3), never called as a plugin loader', async (type) => {
    const r = await invest(await homeWith({ brokers: { a: { type } } }), ['list-brokers']);
    oneConfigLine(r, new RegExp(`brokers\\.a\\.type: unknown type "${type}"; if a plugin provides it, list it in plugins`));
    // The refusal names the types there are, so a misspelt one can be fixed.
    expect(r.stderr).toMatch(/known: .*\bsim\b.*\balpaca\b|known: .*\balpaca\b.*\bsim\b/);
  });

  it('default_broker "toString" is refused, and no order goes to another broker', async () => {
    const home = await homeWith({ default_broker: 'toString', brokers: { 'paper-1': { type: 'sim' } } });
    oneConfigLine(await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '1', '--yes']), /default_broker: names no configured broker: "toString"/);
  });

  it('a broker named __proto__ is refused by name, not dropped', async () => {
    const home = await homeWith('{"brokers":{"__proto__":{"type":"sim"},"paper-1":{"type":"sim"}}}');
    oneConfigLine(await invest(home, ['list-brokers']), /brokers\.__proto__: broker names may hold/);
  });

  it('150 000 brokers is one line, not a stack overflow; so is 5 000 in a small file', async () => {
    const huge = await homeWith(`{"brokers":{${Array.from({ length: 150_000 }, (_, i) => `"b${i}":{"type":"sim"}`).join(',')}}}`);
    oneConfigLine(await invest(huge, ['list-brokers']), /brokers\.json is \d+ bytes, more than the 1048576 a config may have/);
    const many = await homeWith(`{"brokers":{${Array.from({ length: 5000 }, (_, i) => `"b${i}":{"type":"sim"}`).join(',')}}}`);
    oneConfigLine(await invest(many, ['status']), /brokers: has 5000 brokers, more than the 1000 a config may hold/);
  });

  it('brokers.json as a directory is one line naming it', async () => {
    const home = await freshHome();
    await mkdir(join(home, 'brokers.json'));
    oneConfigLine(await invest(home, ['list-brokers']), /brokers\.json is a directory, not a file/);
    oneConfigLine(await invest(home, ['init', '--force']), /brokers\.json is a directory, not a file/);
  });

  it('brokers.json as a FIFO is refused at once instead of hanging', async () => {
    const home = await freshHome();
    execFileSync('mkfifo', [join(home, 'brokers.json')]);
    oneConfigLine(await invest(home, ['status']), /brokers\.json is a FIFO, not a file/);
  });

  it('an invest home that is a file is one line naming it', async () => {
    const home = join(await freshHome(), 'home-file');
    await writeFile(home, 'x');
    oneConfigLine(await invest(home, ['init']), /The invest home .*home-file is not a directory/);
    oneConfigLine(await invest(home, ['list-brokers']), /a parent of it is a file, not a directory/);
  });
});

describe('plugins', () => {
  it('list-brokers and status of built-in brokers import no plugin', async () => {
    const home = await initHome();
    const marker = join(home, 'plugin-ran');
    const plugin = join(home, 'plugin.mjs');
    await writeFile(plugin, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport const plugin = { type: 'marker' };\n`);
    const config = JSON.parse(await readFile(join(home, 'brokers.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(home, 'brokers.json'), JSON.stringify({ ...config, plugins: [pathToFileURL(plugin).href, 'not-installed-anywhere'] }));
    expect((await invest(home, ['list-brokers'])).code).toBe(0);
    expect((await invest(home, ['status'])).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it.each(['data:text/javascript,export const plugin = {}', '/tmp/plugin.mjs', './plugin.mjs', 'http://example.test/p.mjs'])('refuses the entry %j (exit 3), naming it', async (entry) => {
    const home = await homeWith({ plugins: [entry], brokers: { 'paper-1': { type: 'sim' } } });
    oneConfigLine(await invest(home, ['list-brokers']), new RegExp(`plugins\\[0\\]: ${JSON.stringify(entry).slice(0, 12).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*is not a package name`));
  });
});
