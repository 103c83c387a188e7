import { input, password } from '@inquirer/prompts';
import { systemClock } from '@invest/broker-core';
import type { CliContext } from '../runtime/context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { chooseStore, requireTerminal } from './interactive.ts';

/**
 * `invest auth login NAME`: runs the broker plugin's interactive login (OAuth 2.0 / 1.0a) and
 * stores what it yields (tokens, session) in the chosen credential store. Brokers that use API
 * keys have no login: the command says so and points to `set-creds`.
 */
export async function authLoginCommand(ctx: CliContext, name: string, o: { store?: string }): Promise<ExitCode> {
  const { config, registry } = await ctx.config([name]);
  const entry = config.brokers.find((b) => b.name === name)!;
  const plugin = registry.get(entry.type);
  if (!plugin.login) {
    ctx.out.line(`${name} (${entry.type}) has no interactive login: it uses API keys. Store them with: invest set-creds ${name}`);
    return EXIT.OK;
  }
  requireTerminal('invest auth login');
  const { store, kind } = await chooseStore(ctx, o.store);
  const result = await plugin.login(entry.settings, {
    name,
    store,
    prompt: (message, options) => (options?.secret ? password({ message, mask: '*' }) : input({ message })),
    print: (text) => process.stderr.write(`${text}\n`),
    clock: systemClock,
    logger: ctx.log,
  });
  ctx.out.line(result.message ?? `Logged in to ${name}; the session is in the ${kind} store.`);
  return EXIT.OK;
}
