import type { BrokerPlugin } from '@invest/broker-core';

/**
 * The text of a `.env.sample`: every environment variable the registered plugins read, grouped by
 * plugin, with secret ones marked. Values are always empty.
 *
 * @example
 * ```ts
 * await writeFile(paths.envSample, envSample(registry.list()))
 * ```
 */
export function envSample(plugins: readonly BrokerPlugin<unknown>[]): string {
  const lines = ['# Environment variables Invest reads. Copy to .env and fill in; never commit the copy.', ''];
  for (const plugin of plugins) {
    const names = Object.entries(plugin.envNames);
    if (names.length === 0) continue;
    lines.push(`# ${plugin.displayName} (type "${plugin.type}")`);
    for (const [key, variable] of names) {
      const field = plugin.credentials.find((c) => c.key === key);
      if (field?.secret) lines.push(`# ${field.label}: secret, keep it out of version control`);
      lines.push(`${variable}=`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
