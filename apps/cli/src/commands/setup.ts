import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { ConfigError, type BrokerPlugin } from '@invest/broker-core';
import { envSample } from '@invest/multi-broker';
import type { CliContext } from '../runtime/context.ts';
import { editConfigFile } from '../runtime/config-file.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { money } from '../output/output.ts';

/** Prices the starter accounts trade on: a seeded random walk from these levels, same for everyone. */
export const STARTER_PRICES = { AAPL: 190, MSFT: 420, GOOG: 170, AMZN: 185, TSLA: 240, SPY: 560, NVDA: 130 };

/** The config `invest init` writes: two simulation accounts, sensible limits, paper everywhere. */
export function starterConfig(): Record<string, unknown> {
  const sim = (seed: number, accountId: string) => ({
    type: 'sim',
    paper_trading: true,
    initialCash: 100_000,
    accountId,
    seed,
    session: 'always',
    prices: { kind: 'random-walk', start: STARTER_PRICES, volatilityBps: 5, spreadBps: 2 },
    commission: { perShare: 0.005, perOrder: 0, minimum: 1 },
    max_position_size: 0.25,
    min_cash_balance: 1_000,
  });
  return {
    default_broker: 'paper-1',
    brokers: { 'paper-1': { ...sim(1, 'SIM-PAPER-1'), weight: 1 }, 'paper-2': { ...sim(2, 'SIM-PAPER-2'), weight: 1 } },
    plugins: [],
    risk: { max_daily_loss: 5_000 },
  };
}

/** Writes the starter config and `.env.sample` into the context's home. */
export async function createStarterHome(ctx: CliContext, force = false): Promise<void> {
  if (existsSync(ctx.paths.config) && !force) {
    throw new ConfigError(`${ctx.paths.config} already exists: pass --force to replace it`, { path: ctx.paths.config });
  }
  await editConfigFile(ctx.paths.config, () => starterConfig());
  const registry = await ctx.registry();
  await writeFile(ctx.paths.envSample, envSample(registry.list()), { mode: 0o600 });
}

export async function initCommand(ctx: CliContext, opts: { force?: boolean }): Promise<ExitCode> {
  await createStarterHome(ctx, Boolean(opts.force));
  ctx.out.data({ home: ctx.home, config: ctx.paths.config, envSample: ctx.paths.envSample, brokers: ['paper-1', 'paper-2'] });
  ctx.out.line(`Created ${ctx.paths.config} with two simulation accounts (paper-1, paper-2), $100,000 each.`);
  ctx.out.line(`Wrote ${ctx.paths.envSample} (the environment variables each broker type reads).`);
  ctx.out.line(`To use it: cp ${ctx.paths.envSample} .env (in your working directory, or next to it in ${ctx.home}) and fill it in.`);
  ctx.out.line(`Next: ${ctx.out.c.bold('invest status')}, ${ctx.out.c.bold('invest buy --symbol AAPL --quantity 10')}`);
  return EXIT.OK;
}

function describePlugin(p: BrokerPlugin<unknown>) {
  return { type: p.type, name: p.displayName, description: p.description ?? '', env: Object.values(p.envNames), credentials: p.credentials.map((c) => c.key) };
}

export async function listTypesCommand(ctx: CliContext): Promise<ExitCode> {
  const plugins = (await ctx.registry()).list().map(describePlugin);
  ctx.out.data({ types: plugins });
  ctx.out.table(plugins, [
    { header: 'type', value: (p) => p.type },
    { header: 'broker', value: (p) => p.name },
    { header: 'credentials', value: (p) => p.credentials.join(', ') || '-' },
    { header: 'environment', value: (p) => p.env.slice(0, 4).join(' ') + (p.env.length > 4 ? ' …' : '') },
  ]);
  return EXIT.OK;
}

export async function listBrokersCommand(ctx: CliContext): Promise<ExitCode> {
  const { config } = await ctx.config();
  const rows = config.brokers.map((b) => ({ name: b.name, type: b.type, paper: b.paper, default: b.name === config.defaultBroker, weight: b.weight, enabled: b.enabled, risk: b.risk }));
  ctx.out.data({ default: config.defaultBroker, brokers: rows, risk: config.risk });
  ctx.out.table(rows, [
    { header: 'name', value: (r) => (r.default ? `${r.name} *` : r.name) },
    { header: 'type', value: (r) => r.type },
    { header: 'mode', value: (r) => (r.paper ? 'paper' : ctx.out.c.red('LIVE')) },
    { header: 'weight', value: (r) => r.weight, align: 'right' },
    { header: 'risk', value: (r) => Object.entries(r.risk).map(([k, v]) => `${k}=${v}`).join(' ') || '-' },
  ]);
  return EXIT.OK;
}

export async function testCommand(ctx: CliContext, name: string): Promise<ExitCode> {
  const manager = await ctx.manager([name]);
  const broker = manager.get(name);
  await broker.connect();
  try {
    const account = await broker.getAccount();
    ctx.out.data({ broker: name, ok: true, account });
    ctx.out.line(`${ctx.out.c.green('ok')} ${name} (${broker.type}${account.paper ? ', paper' : ', LIVE'}): account ${account.accountId}`);
    ctx.out.line(`  cash ${money(account.cash, account.currency)}, buying power ${money(account.buyingPower, account.currency)}, equity ${money(account.equity, account.currency)}`);
    return EXIT.OK;
  } finally {
    await broker.disconnect();
  }
}
