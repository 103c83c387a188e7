import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RiskLimitError } from '@invest/broker-core';
import { CliContext } from '../runtime/context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { money, qty } from '../output/output.ts';
import { createStarterHome } from './setup.ts';

/**
 * The quick start's main job, with no account and no network: two simulation accounts in a fresh
 * throwaway home, one order split across them, the consolidated portfolio, and the risk engine
 * refusing an order that is too big.
 */
export async function demoCommand(parent: CliContext): Promise<ExitCode> {
  const home = await mkdtemp(join(tmpdir(), 'invest-demo-'));
  const ctx = new CliContext({ ...parent.options, json: false }, { ...parent.env, INVEST_HOME: home });
  const { out } = ctx;
  const c = out.c;
  const step = (n: number, text: string): void => out.line(`\n${c.bold(c.cyan(`${n}.`))} ${c.bold(text)}`);
  const summary: Record<string, unknown> = { home };

  step(1, `A fresh invest home with two simulation accounts: ${home}`);
  await createStarterHome(ctx);
  const manager = await ctx.manager();
  const connected = await manager.connectAll();
  for (const r of connected) out.line(`   ${r.broker}: ${r.ok ? c.green('connected') : c.red(`failed: ${(r as { error: Error }).error.message}`)}`);

  step(2, 'Buy 30 AAPL, split across both accounts by weight (1:1)');
  const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 30 });
  for (const leg of result.legs) {
    out.line(leg.status === 'accepted'
      ? `   ${leg.broker}: ${qty(leg.quantity)} AAPL ${leg.order.status}${leg.order.averageFillPrice ? ` at ${money(leg.order.averageFillPrice)}` : ''}`
      : `   ${leg.broker}: ${leg.status} ${'reason' in leg ? leg.reason : leg.error.message}`);
  }
  summary.distributed = { accepted: result.acceptedQuantity, complete: result.complete };

  step(3, 'One portfolio across both accounts');
  const { positions } = await manager.getConsolidatedPositions();
  const { totals } = await manager.getConsolidatedAccount();
  out.table(positions, [
    { header: 'symbol', value: (p) => p.symbol },
    { header: 'qty', value: (p) => qty(p.quantity), align: 'right' },
    { header: 'avg cost', value: (p) => money(p.averageCost), align: 'right' },
    { header: 'by broker', value: (p) => p.breakdown.map((s) => `${s.broker}: ${qty(s.position.quantity)}`).join(', ') },
  ]);
  for (const t of totals) out.line(`   cash ${money(t.cash, t.currency)}, equity ${money(t.equity, t.currency)} across ${t.brokers.join(', ')}`);
  summary.positions = positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity }));

  step(4, 'The risk engine refuses an order over a limit (max_position_size 25% on paper-1)');
  try {
    await manager.submitOrder('paper-1', { symbol: 'AAPL', side: 'buy', quantity: 200 });
    out.line(c.red('   the order was accepted: the limit did not hold'));
    summary.riskRefusal = false;
  } catch (error) {
    if (!(error instanceof RiskLimitError)) throw error;
    out.line(`   ${c.yellow('refused')}: ${error.message}`);
    out.line('   Nothing was sent to the broker.');
    summary.riskRefusal = { rule: error.rule, limit: error.limit, actual: error.actual };
  }
  await manager.disconnectAll();

  out.line(`\n${c.bold('Try next')} (this demo's accounts live in ${home}):`);
  out.line(`   export INVEST_HOME=${home}`);
  out.line('   invest status                          # both accounts');
  out.line('   invest quote AAPL --compare            # best bid / ask across brokers');
  out.line('   invest sell --symbol AAPL --quantity 5 --broker paper-2');
  out.line('   invest rebalance --target AAPL=10% --target MSFT=10%   # a plan; add --apply to trade it');
  out.line('   invest init                            # your own accounts in ~/.invest');
  if (parent.options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return result.complete && summary.riskRefusal ? EXIT.OK : EXIT.FAILURE;
}
