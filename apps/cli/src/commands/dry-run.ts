import { assertSupported, parseOrderRequest, systemClock, type Broker, type BrokerAdapter, type OrderRequestInput } from '@invest/broker-core';
import type { CliContext } from '../runtime/context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

/** An adapter that can check an order at the broker without placing it (Schwab's and E*TRADE's `previewOrder`). */
type Previewing = Required<Pick<BrokerAdapter, 'previewOrder'>>;

const previews = (adapter: unknown): adapter is Previewing => typeof (adapter as Partial<Previewing> | undefined)?.previewOrder === 'function';

/**
 * `invest buy|sell ... --dry-run`: nothing is placed. The request is parsed and checked against
 * the account's capabilities (the local checks every order gets); then a broker with a preview
 * (Schwab, E*TRADE) checks it too and answers its verdict, and any other broker answers with the local
 * checks and the request it would send. Exit 0 when the order would go, 6 (the broker refused)
 * when the broker's preview rejects it.
 */
export async function dryRunCommand(ctx: CliContext, name: string, request: OrderRequestInput): Promise<ExitCode> {
  const { config, registry } = await ctx.config([name]);
  const entry = config.brokers.find((b) => b.name === name)!;
  const plugin = registry.get(entry.type);
  const credentials = plugin.credentials.length > 0 ? await ctx.credentials(registry.list(), config) : undefined;
  const broker = registry.create(entry.type, entry.settings, { name, logger: ctx.log, clock: systemClock, ...(credentials ? { credentials } : {}) }) as Broker & { adapter?: unknown };
  const parsed = parseOrderRequest(request, { broker: entry.type, clientOrderId: broker.capabilities.clientOrderId });
  assertSupported(parsed, broker.capabilities, entry.type);
  if (!previews(broker.adapter)) {
    ctx.out.data({ dryRun: true, broker: name, checks: 'passed', preview: null, request: parsed });
    ctx.out.line(`Dry run on ${name}: the local checks passed; nothing was sent. The request it would send:`);
    ctx.out.line(JSON.stringify(parsed, null, 2));
    return EXIT.OK;
  }
  await broker.connect();
  try {
    const preview = await broker.adapter.previewOrder(parsed);
    ctx.out.data({ dryRun: true, broker: name, checks: 'passed', preview });
    ctx.out.line(`Dry run on ${name} (${entry.type} preview): ${preview.accepted ? 'the broker would accept it' : 'the broker would REJECT it'}; nothing was placed.`);
    for (const reject of preview.rejects) ctx.out.line(`  rejected: ${reject}`);
    for (const warning of preview.warnings) ctx.out.line(`  warning: ${warning}`);
    ctx.out.line(JSON.stringify(preview.request, null, 2));
    return preview.accepted ? EXIT.OK : EXIT.BROKER;
  } finally {
    await broker.disconnect();
  }
}
