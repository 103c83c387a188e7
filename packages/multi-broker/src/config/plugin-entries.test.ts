import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { BrokerRegistry, ConfigError, type Broker, type BrokerPlugin } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { loadInvestConfig } from './load.ts';
import { importPluginEntry, loadPluginsFor, pluginEntryProblem } from './plugin-entries.ts';

const plugin = (type: string): BrokerPlugin<object> => ({
  type, displayName: type, configSchema: z.strictObject({}), envNames: {}, fromEnv: () => ({}), credentials: [], create: () => ({}) as Broker,
});

/** An importer that records what it was asked to import. */
function recording(exports: Record<string, unknown> = {}) {
  const calls: string[] = [];
  return { calls, importer: async (entry: string) => (calls.push(entry), exports[entry] ?? { plugin: plugin(`from-${entry}`) }) };
}

async function configFile(doc: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'invest-plugins-')), 'brokers.json');
  await writeFile(path, JSON.stringify(doc));
  return path;
}

describe('plugin entries', () => {
  it.each(['acme', '@acme/invest-broker', 'invest-broker.x_y~z', 'file:///opt/plugins/acme.mjs'])('accepts %s', (entry) => {
    expect(pluginEntryProblem(entry)).toBeUndefined();
  });

  it.each(['data:text/javascript,export const plugin = {}', 'http://evil.example/p.mjs', 'https://evil.example/p.mjs', '/tmp/p.mjs', './p.mjs', '../p.mjs', 'C:\\p.mjs', 'node:fs', 'acme/sub/path', 'Acme', '', ' acme'])('refuses %j with a ConfigError naming the entry', async (entry) => {
    expect(pluginEntryProblem(entry)).toBeDefined();
    const { calls, importer } = recording();
    const path = await configFile({ plugins: [entry], brokers: { a: { type: 'acme' } } });
    const error = await loadInvestConfig(path, new BrokerRegistry(), importer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('plugins[0]');
    if (entry) expect((error as Error).message).toContain(JSON.stringify(entry.slice(0, 80)).slice(1, 20));
    expect(calls).toEqual([]);
  });
});

describe('plugins load only when a broker needs them', () => {
  it('a config of registered types imports nothing', async () => {
    const { calls, importer } = recording();
    const path = await configFile({ plugins: ['acme', 'file:///nowhere/x.mjs'], brokers: { a: { type: 'builtin' } } });
    const config = await loadInvestConfig(path, new BrokerRegistry().register(plugin('builtin')), importer);
    expect(config.brokers.map((b) => b.type)).toEqual(['builtin']);
    expect(calls).toEqual([]);
  });

  it('a broker of an unregistered type imports the entries in order until one provides it', async () => {
    const { calls, importer } = recording({ first: { plugin: plugin('other') }, second: { plugins: [plugin('acme')] } });
    const path = await configFile({ plugins: ['first', 'second', 'third'], brokers: { a: { type: 'acme' } } });
    const registry = new BrokerRegistry();
    expect((await loadInvestConfig(path, registry, importer)).brokers[0]!.type).toBe('acme');
    expect(calls).toEqual(['first', 'second']);
    await loadPluginsFor(['acme'], ['first', 'second', 'third'], registry, importer);
    expect(calls).toEqual(['first', 'second']);
  });

  it('a type no plugin provides says to list its plugin', async () => {
    const path = await configFile({ brokers: { a: { type: 'acme' } } });
    await expect(loadInvestConfig(path, new BrokerRegistry().register(plugin('sim')))).rejects.toThrow(
      'Invalid config: brokers.a.type: unknown type "acme"; if a plugin provides it, list it in plugins (known: sim)',
    );
  });
});

describe('importPluginEntry', () => {
  it('resolves a package name from the given project directory, not from the CLI install', async () => {
    const project = await mkdtemp(join(tmpdir(), 'invest-project-'));
    const pkg = join(project, 'node_modules', '@acme', 'invest-broker');
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/invest-broker', type: 'module', exports: { '.': './index.js' } }));
    await writeFile(join(pkg, 'index.js'), `export const plugin = { type: 'acme-from-project' };\n`);
    expect(((await importPluginEntry('@acme/invest-broker', project)) as { plugin: { type: string } }).plugin.type).toBe('acme-from-project');
    // zod is installed next to this package, not in the user's project: not found there.
    await expect(importPluginEntry('zod', project)).rejects.toThrow(/Cannot find module/);
    const file = join(project, 'local.mjs');
    await writeFile(file, `export const plugin = { type: 'local' };\n`);
    expect(((await importPluginEntry(pathToFileURL(file).href, project)) as { plugin: { type: string } }).plugin.type).toBe('local');
  });
});
