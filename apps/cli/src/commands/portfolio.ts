import { InvalidOrderError, isBrokerError, parseInput, symbolSchema } from '@invest/broker-core';
import { nameAccount, type RebalanceTarget } from '@invest/multi-broker';
import type { CliContext } from '../runtime/context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { parseDecimal } from '../options/decimal-option.ts';
import { money, qty } from '../output/output.ts';
import { randomWalkAccounts, simulatedPriceNote } from '../output/simulated-prices.ts';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function statusCommand(ctx: CliContext): Promise<ExitCode> {
  const manager = await ctx.manager();
  const connected = await manager.connectAll();
  try {
    // One consolidated read: the manager records each account's figures in the portfolio history.
    const accounts = await manager.getAccounts({ skipUnreachable: true });
    const rows = manager.status().map((s) => {
      const conn = connected.find((c) => c.broker === s.name)!;
      if (!conn.ok) return { ...s, error: message(conn.error) };
      const read = accounts.find((a) => a.broker === s.name)!;
      return read.ok ? { ...s, account: read.value } : { ...s, error: message(read.error) };
    });
    const invented = await randomWalkAccounts(manager);
    ctx.out.data({ brokers: rows.map(({ risk, ...r }) => ({ ...r, risk, simulatedPrices: invented.has(r.name) })) });
    ctx.out.table(rows, [
      { header: 'broker', value: (r) => (r.isDefault ? `${r.name} *` : r.name) },
      { header: 'type', value: (r) => r.type },
      { header: 'mode', value: (r) => (r.paper ? 'paper' : ctx.out.c.red('LIVE')) },
      { header: 'state', value: (r) => ('error' in r ? ctx.out.c.red('error') : ctx.out.c.green('connected')) },
      { header: 'cash', value: (r) => ('account' in r ? money(r.account.cash) : ''), align: 'right' },
      { header: 'buying power', value: (r) => ('account' in r ? money(r.account.buyingPower) : ''), align: 'right' },
      { header: 'equity', value: (r) => ('account' in r ? money(r.account.equity) : ''), align: 'right' },
    ]);
    const note = simulatedPriceNote(invented);
    if (note) ctx.out.line(ctx.out.c.dim(note));
    for (const r of rows) if ('error' in r) ctx.out.note(`${r.name}: ${r.error}`);
    return rows.some((r) => 'error' in r) ? EXIT.PARTIAL : EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}

export async function positionsCommand(ctx: CliContext, o: { broker?: string }): Promise<ExitCode> {
  const manager = await ctx.manager(o.broker ? [o.broker] : undefined);
  await manager.connectAll();
  try {
    const rows: { broker: string; symbol: string; quantity: number; averageCost: number; marketValue?: number; unrealizedPnl?: number }[] = [];
    for (const name of manager.names) {
      const positions = await manager.get(name).getPositions().catch((error: unknown) => {
        throw nameAccount(error, name);
      });
      for (const p of positions) rows.push({ broker: name, symbol: p.symbol, quantity: p.quantity, averageCost: p.averageCost, marketValue: p.marketValue, unrealizedPnl: p.unrealizedPnl });
    }
    ctx.out.data({ positions: rows });
    ctx.out.table(rows, [
      { header: 'broker', value: (r) => r.broker },
      { header: 'symbol', value: (r) => r.symbol },
      { header: 'qty', value: (r) => qty(r.quantity), align: 'right' },
      { header: 'avg cost', value: (r) => money(r.averageCost), align: 'right' },
      { header: 'value', value: (r) => money(r.marketValue), align: 'right' },
      { header: 'unrealized', value: (r) => money(r.unrealizedPnl), align: 'right' },
    ]);
    return EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}

export async function multiPortfolioCommand(ctx: CliContext): Promise<ExitCode> {
  const manager = await ctx.manager();
  await manager.connectAll();
  try {
    const [{ positions, errors }, account] = await Promise.all([manager.getConsolidatedPositions(), manager.getConsolidatedAccount()]);
    const failed = [...errors, ...account.errors].map((e) => ({ broker: e.broker, error: e.ok ? '' : message(e.error) }));
    ctx.out.data({ positions, totals: account.totals, errors: failed });
    ctx.out.line(ctx.out.c.bold('Positions across all brokers'));
    ctx.out.table(positions, [
      { header: 'symbol', value: (p) => p.symbol },
      { header: 'qty', value: (p) => qty(p.quantity), align: 'right' },
      { header: 'avg cost', value: (p) => money(p.averageCost), align: 'right' },
      { header: 'value', value: (p) => money(p.marketValue), align: 'right' },
      { header: 'unrealized', value: (p) => money(p.unrealizedPnl), align: 'right' },
      { header: 'by broker', value: (p) => p.breakdown.map((s) => `${s.broker}: ${qty(s.position.quantity)}`).join(', ') },
    ]);
    ctx.out.line(ctx.out.c.bold('Totals'));
    ctx.out.table(account.totals, [
      { header: 'currency', value: (t) => t.currency },
      { header: 'cash', value: (t) => money(t.cash), align: 'right' },
      { header: 'buying power', value: (t) => money(t.buyingPower), align: 'right' },
      { header: 'equity', value: (t) => money(t.equity), align: 'right' },
      { header: 'day P&L', value: (t) => money(t.dayPnl), align: 'right' },
      { header: 'brokers', value: (t) => t.brokers.join(', ') },
    ]);
    for (const f of failed) ctx.out.note(`${f.broker}: ${f.error}`);
    return failed.length > 0 ? EXIT.PARTIAL : EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}

export async function quoteCommand(ctx: CliContext, typed: string, o: { broker?: string; compare?: boolean }): Promise<ExitCode> {
  // A symbol no broker could have is a usage error (exit 2), refused before any account is asked.
  const symbol = parseInput(symbolSchema, typed, 'symbol', { field: 'symbol' });
  const manager = await ctx.manager(o.broker ? [o.broker] : undefined);
  await manager.connectAll();
  try {
    const cmp = await manager.compareQuotes(symbol);
    const all = !o.broker && (o.compare ?? manager.names.length > 1);
    const quotes = all ? cmp.quotes : cmp.quotes.filter((q) => q.broker === (o.broker ?? manager.defaultBroker));
    const failed = cmp.errors.map((e) => ({ broker: e.broker, error: e.ok ? '' : message(e.error) }));
    if (quotes.length === 0 && failed.length > 0) throw failed.length === 1 && !cmp.errors[0]!.ok && isBrokerError(cmp.errors[0]!.error) ? cmp.errors[0]!.error : new Error(failed.map((f) => `${f.broker}: ${f.error}`).join('; '));
    const invented = await randomWalkAccounts(manager);
    const one = quotes[0];
    const shown = all ? cmp : {
      symbol: cmp.symbol, crossed: false,
      ...(one?.bid !== undefined ? { bestBid: { broker: one.broker, price: one.bid } } : {}),
      ...(one?.ask !== undefined ? { bestAsk: { broker: one.broker, price: one.ask } } : {}),
    };
    // One shape with or without --compare: the quotes shown, the best sides among them, failures.
    ctx.out.data({ ...shown, quotes: quotes.map((q) => ({ ...q, simulatedPrices: invented.has(q.broker) })), errors: failed });
    ctx.out.table(quotes, [
      { header: 'broker', value: (q) => q.broker },
      { header: 'bid', value: (q) => money(q.bid), align: 'right' },
      { header: 'ask', value: (q) => money(q.ask), align: 'right' },
      { header: 'last', value: (q) => money(q.last), align: 'right' },
      { header: 'time', value: (q) => q.timestamp },
    ]);
    if (all) {
      ctx.out.line(`best bid ${money(cmp.bestBid?.price)} (${cmp.bestBid?.broker ?? '-'}), best ask ${money(cmp.bestAsk?.price)} (${cmp.bestAsk?.broker ?? '-'})`);
      if (cmp.crossed) ctx.out.line(ctx.out.c.yellow(`crossed: ${cmp.bestBid!.broker} bids ${cmp.edge} above ${cmp.bestAsk!.broker}'s ask`));
    }
    const note = simulatedPriceNote(new Set(quotes.map((q) => q.broker).filter((b) => invented.has(b))));
    if (note) ctx.out.line(ctx.out.c.dim(note));
    for (const f of failed) ctx.out.note(`${f.broker}: ${f.error}`);
    return EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}

/** `AAPL=0.25` or `AAPL=25%`, optionally `AAPL@paper-1=0.1`. */
export function parseTarget(text: string): RebalanceTarget {
  const m = /^([A-Za-z0-9./-]+)(?:@([A-Za-z0-9_.-]+))?=([^%]*)(%?)$/.exec(text);
  if (!m) throw new InvalidOrderError(`Invalid rebalance: --target: "${text}" is not SYMBOL=WEIGHT (e.g. AAPL=0.25 or AAPL=25%)`, { field: 'target', outcome: 'denied' });
  let written: number;
  try {
    // The weight is a number typed on the command line: a plain decimal, as every numeric flag.
    written = parseDecimal('--target', m[3]!);
  } catch (error) {
    throw new InvalidOrderError(`Invalid rebalance: ${(error as Error).message}`, { field: 'target', outcome: 'denied' });
  }
  const weight = written / (m[4] ? 100 : 1);
  return { symbol: m[1]!.toUpperCase(), weight, ...(m[2] ? { broker: m[2] } : {}) };
}

export async function rebalanceCommand(ctx: CliContext, o: { target?: string[]; tolerance?: number; apply?: boolean }): Promise<ExitCode> {
  if (!o.target || o.target.length === 0) throw new InvalidOrderError('Invalid rebalance: --target: give at least one, e.g. --target AAPL=0.25', { field: 'target', outcome: 'denied' });
  const targets = o.target.map(parseTarget);
  const manager = await ctx.manager();
  await manager.connectAll();
  try {
    const plan = await manager.planRebalance(targets, o.tolerance !== undefined ? { tolerance: o.tolerance } : {});
    ctx.out.line(ctx.out.c.bold(`Rebalance plan (portfolio ${money(plan.portfolioValue)}, tolerance ${plan.tolerance * 100}%)`));
    ctx.out.table(plan.rows, [
      { header: 'symbol', value: (r) => r.symbol },
      { header: 'scope', value: (r) => r.scope },
      { header: 'now', value: (r) => `${money(r.currentValue)} (${(r.currentWeight * 100).toFixed(2)}%)`, align: 'right' },
      { header: 'target', value: (r) => `${money(r.targetValue)} (${(r.targetWeight * 100).toFixed(2)}%)`, align: 'right' },
      { header: 'action', value: (r) => r.action },
    ]);
    ctx.out.table(plan.trades, [
      { header: 'broker', value: (t) => t.broker },
      { header: 'side', value: (t) => t.side },
      { header: 'symbol', value: (t) => t.symbol },
      { header: 'qty', value: (t) => qty(t.quantity), align: 'right' },
      { header: '~price', value: (t) => money(t.price), align: 'right' },
      { header: '~value', value: (t) => money(t.value), align: 'right' },
    ]);
    for (const p of plan.openOrders) ctx.out.note(`counted as held: open ${p.quantity > 0 ? 'buy' : 'sell'} of ${qty(Math.abs(p.quantity))} ${p.symbol} on ${p.broker}`);
    if (!o.apply || plan.trades.length === 0) {
      ctx.out.data({ plan, applied: false });
      if (plan.trades.length > 0) ctx.out.line('Nothing sent. Run again with --apply to place these orders.');
      return EXIT.OK;
    }
    // Only the accounts the plan trades on need --live; a live account it leaves alone blocks nothing.
    ctx.confirmLive(manager, [...new Set(plan.trades.map((t) => t.broker))]);
    if (!ctx.options.yes) {
      if (!process.stdin.isTTY) throw new InvalidOrderError('Invalid rebalance: --apply needs --yes when not run in a terminal', { field: 'yes', outcome: 'denied' });
      // The prompt library loads only here: `status` and `positions` share this module.
      const { confirm } = await import('@inquirer/prompts');
      if (!(await confirm({ message: `Place ${plan.trades.length} orders?`, default: false }))) {
        ctx.out.line('Nothing sent.');
        return EXIT.OK;
      }
    }
    const result = await manager.executeRebalance(plan);
    ctx.out.data({ plan, applied: true, orders: result.done, failed: result.failed ? { trade: result.failed.trade, error: message(result.failed.error) } : undefined });
    ctx.out.line(`${result.done.length} of ${plan.trades.length} orders placed.`);
    if (result.failed) {
      ctx.out.note(`stopped at ${result.failed.trade.side} ${result.failed.trade.quantity} ${result.failed.trade.symbol} on ${result.failed.trade.broker}: ${message(result.failed.error)}`);
      return EXIT.PARTIAL;
    }
    return EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}
