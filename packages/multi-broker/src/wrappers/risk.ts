import {
  BrokerDecorator, NotSupportedError, parseOrderRequest, type Broker, type Order, type OrderRequestInput, type ParsedOrderRequest, type Quote,
} from '@invest/broker-core';
import { checkRisk, referencePrice } from '../risk/engine.ts';
import type { GlobalRisk } from '../risk/global.ts';
import type { RiskSettings } from '../risk/settings.ts';
import { markLayers } from './layers.ts';
import { shareReads, type OrderReads } from './order-reads.ts';

export interface RiskOptions {
  /** The broker's name in the manager (the scope in refusals). */
  name: string;
  /** This broker's own limits. */
  settings: RiskSettings;
  /** The limits across all brokers, shared by every broker's `withRisk`. */
  global?: GlobalRisk;
}

const LIMITS = ['max_position_size', 'max_daily_loss', 'min_cash_balance'] as const;
const NO_BALANCES = { cash: 0, equity: 0, portfolioValue: 0, currency: '' };

class RiskBroker extends BrokerDecorator {
  /** Legs the manager already judged (`precheck`) before sending any of them. */
  readonly #prechecked = new WeakSet<object>();

  constructor(inner: Broker, private readonly options: RiskOptions) {
    super(inner);
  }

  override async submitOrder(input: OrderRequestInput): Promise<Order> {
    const req = parseOrderRequest(input, { broker: this.type, clientOrderId: this.capabilities.clientOrderId });
    if (!this.#prechecked.delete(req)) await this.precheck(req);
    return this.inner.submitOrder(req);
  }

  /** Judges `req` and remembers it was judged, so sending it does not judge it twice. */
  async precheck(req: ParsedOrderRequest): Promise<void> {
    const reads = await this.#judge(req);
    // What was read for the judgement serves the layers below (the protective stop) too.
    shareReads(req, reads);
    this.#prechecked.add(req);
  }

  async #judge(req: ParsedOrderRequest): Promise<OrderReads> {
    const { name, settings, global } = this.options;
    const own = LIMITS.some((k) => settings[k] !== undefined);
    const short = req.side === 'sell' && !this.capabilities.shortSelling;
    const wide = global !== undefined && global.active && !global.isCovered(req);
    // Nothing to judge: no read at all, so an unlimited broker costs nothing per order.
    if (!own && !short && !wide) return {};
    const judgeOwn = own || short;
    const needsQuote = req.limitPrice === undefined && req.stopPrice === undefined;
    // Only what a rule needs is read: the global limits read every account themselves.
    const [quote, account, position] = await Promise.all([
      needsQuote ? this.inner.getQuote(req.symbol) : Promise.resolve(undefined as Quote | undefined),
      own ? this.inner.getAccount() : Promise.resolve(undefined),
      judgeOwn ? this.inner.getPosition(req.symbol) : Promise.resolve(undefined),
    ]);
    const price = referencePrice(req, quote);
    if (price === undefined) throw new NotSupportedError(`No price for ${req.symbol} at ${name}: cannot check risk limits`, { broker: this.type, capability: 'quotes' });
    if (judgeOwn) {
      checkRisk(req, settings, {
        // Without limits of its own (`own` false) only short selling is judged, which reads no balance.
        scope: name, account: account ?? NO_BALANCES, positionQuantity: position?.quantity ?? 0, price, shortSelling: this.capabilities.shortSelling,
      });
    }
    if (wide) await global.check(req, price);
    return {
      ...(needsQuote ? { quote: { value: quote } } : {}),
      ...(judgeOwn ? { position: { value: position } } : {}),
    };
  }
}

/**
 * Refuses, before anything is sent, an order that would break this broker's limits
 * (`max_position_size`, `max_daily_loss`, `min_cash_balance`), sell short where the broker allows
 * no short selling (`short_selling`), or break the global limits of `global` (skipped for a leg
 * whose whole order the manager already judged). A refusal is a `RiskLimitError` (outcome
 * `denied`) naming the rule and the numbers. Reads the quote, account and position only when a
 * rule applies to the order.
 *
 * @example
 * ```ts
 * const broker = withRisk(registry.create('sim', {}, { name: 'paper' }), { name: 'paper', settings: { max_position_size: 0.1 } })
 * await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10_000 }) // RiskLimitError: Risk limit max_position_size (paper): ...
 * ```
 */
export function withRisk(broker: Broker, options: RiskOptions): Broker {
  const wrapped = new RiskBroker(broker, options);
  markLayers(wrapped, broker, { risk: { settings: options.settings, precheck: (req) => wrapped.precheck(req) } });
  return wrapped;
}
