import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, type BrokerRegistry } from '@invest/broker-core';
import { notYetAvailablePlugin } from './original-names.ts';

/** npm's rules for a package name: `name` or `@scope/name`, lower case, no path inside. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Imports a plugin entry; tests pass their own. */
export type PluginImporter = (entry: string) => Promise<unknown>;

/**
 * Why a `plugins` entry is refused, or `undefined` when it is a bare package name or a `file:`
 * URL. A plugin is code that runs with your credentials: a `data:` or `http:` URL would make a
 * copied config file into a program, and a path reads as a file name, not as code; a `file:` URL
 * must be written on purpose.
 *
 * @example
 * ```ts
 * pluginEntryProblem('@acme/invest-broker') // undefined
 * pluginEntryProblem('data:text/javascript,...') // 'is not a package name ...'
 * ```
 */
export function pluginEntryProblem(entry: string): string | undefined {
  if (entry.length <= 214 && PACKAGE_NAME.test(entry)) return undefined;
  if (entry.startsWith('file:')) {
    try {
      new URL(entry);
      return undefined;
    } catch {
      return `${JSON.stringify(entry)} is not a valid file: URL`;
    }
  }
  return `${JSON.stringify(entry.slice(0, 80))} is not a package name (name or @scope/name) or a file: URL; paths, data: and http: URLs are refused because a plugin is code that runs with your credentials`;
}

/**
 * The default importer: a package name resolves from the current directory (the user's project),
 * never from the CLI's own install; a `file:` URL is imported as written.
 *
 * @example
 * ```ts
 * await importPluginEntry('@acme/invest-broker')
 * ```
 */
export async function importPluginEntry(entry: string, cwd: string = process.cwd()): Promise<unknown> {
  if (entry.startsWith('file:')) return import(entry);
  const resolved = createRequire(join(cwd, 'package.json')).resolve(entry);
  // NODE_PATH (which `pnpm exec` and some shims set to the CLI's own install) would find it
  // elsewhere: only a node_modules folder of the project or a parent of it counts.
  if (![...projectFolders(cwd), ...projectFolders(realpathSync(cwd))].some((folder) => resolved.startsWith(folder))) {
    throw new Error(`Cannot find module '${entry}' in ${cwd} or its parents (found only at ${resolved})`);
  }
  return import(pathToFileURL(resolved).href);
}

/** `<dir>/node_modules/` for `cwd` and each of its parents. */
function projectFolders(cwd: string): string[] {
  const folders: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    folders.push(join(dir, 'node_modules') + sep);
    if (dirname(dir) === dir) return folders;
  }
}

/** Entries already imported into each registry, so loading twice registers nothing twice. */
const loaded = new WeakMap<BrokerRegistry, Set<string>>();

/**
 * Imports each entry of `plugins` and registers what it exports as `plugin` (one) or `plugins`
 * (several). Nothing is discovered by magic: only the entries listed, each checked by
 * `pluginEntryProblem` first.
 *
 * @example
 * ```ts
 * await loadPlugins(['@acme/invest-broker'], registry)
 * ```
 */
export async function loadPlugins(plugins: readonly string[], registry: BrokerRegistry, importer: PluginImporter = (e) => importPluginEntry(e)): Promise<void> {
  for (const entry of plugins) await loadOne(entry, registry, importer);
}

async function loadOne(entry: string, registry: BrokerRegistry, importer: PluginImporter): Promise<void> {
  let done = loaded.get(registry);
  if (!done) loaded.set(registry, (done = new Set()));
  if (done.has(entry)) return;
  const problem = pluginEntryProblem(entry);
  if (problem !== undefined) throw new ConfigError(`Invalid config: plugins: ${problem}`, { path: 'plugins' });
  let mod: Record<string, unknown>;
  try {
    mod = (await importer(entry)) as Record<string, unknown>;
  } catch (error) {
    const hint = entry.startsWith('file:') ? '' : ` (is it installed in this project? npm install ${entry})`;
    throw new ConfigError(`Invalid config: plugins: cannot load "${entry}"${hint}`, { path: 'plugins', cause: error });
  }
  const listed: unknown[] = Array.isArray(mod?.plugins) ? mod.plugins : [];
  const found = [mod?.plugin, ...listed].filter(Boolean);
  if (found.length === 0) throw new ConfigError(`Invalid config: plugins: "${entry}" exports no \`plugin\` or \`plugins\``, { path: 'plugins' });
  for (const p of found) registry.register(p as never);
  done.add(entry);
}

/**
 * Makes sure every type in `types` is registered, importing third-party plugins only when one is
 * missing: entries are imported in order until it is there. A config whose brokers are all of
 * registered types imports nothing (`invest list-brokers` runs no plugin code). A type of the
 * original that nothing provides yet (see `NOT_YET_AVAILABLE`) gets its stand-in (see `notYetAvailablePlugin`).
 *
 * @example
 * ```ts
 * await loadPluginsFor(['acme'], config.plugins, registry)
 * ```
 */
export async function loadPluginsFor(types: Iterable<string>, plugins: readonly string[], registry: BrokerRegistry, importer: PluginImporter = (e) => importPluginEntry(e)): Promise<void> {
  for (const type of new Set(types)) {
    for (const entry of plugins) {
      if (registry.has(type)) break;
      await loadOne(entry, registry, importer);
    }
    // A type of the original that nothing provides yet: its stand-in, whose `create`
    // says so, so the config's other brokers still work.
    const standIn = registry.has(type) ? undefined : notYetAvailablePlugin(type);
    if (standIn) registry.register(standIn);
  }
}
