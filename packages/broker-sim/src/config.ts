import { finiteNumber, nonNegativeNumber, positiveNumber, type EnvMap } from '@invest/broker-core';
import { z } from 'zod';

const quoteSchema = z.strictObject({
  bid: positiveNumber.optional(),
  ask: positiveNumber.optional(),
  last: positiveNumber.optional(),
  bidSize: nonNegativeNumber.optional(),
  askSize: nonNegativeNumber.optional(),
  lastSize: nonNegativeNumber.optional(),
});

const symbolKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9./\- ]{0,31}$/, { error: 'is not a symbol' });

/** Where prices come from, as a config file can say it. (A `PriceSource` object goes in `SimBrokerOptions.prices`.) */
export const SimPricesSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('static'),
    /** Symbol -> last price, or bid / ask / last and sizes. */
    quotes: z.record(symbolKey, z.union([positiveNumber, quoteSchema])).default({}),
  }),
  z.strictObject({ kind: z.literal('csv'), file: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('random-walk'),
    start: z.record(symbolKey, positiveNumber).optional(),
    symbols: z.array(symbolKey).optional(),
    stepMs: z.number().int().min(1).optional(),
    volatilityBps: nonNegativeNumber.refine((n) => n < 10_000, { error: 'must be below 10000' }).optional(),
    spreadBps: nonNegativeNumber.optional(),
    size: positiveNumber.optional(),
    origin: finiteNumber.optional(),
  }),
  /** No source: prices only arrive through `setQuote` / `tick` / `replay`. */
  z.strictObject({ kind: z.literal('none') }),
]);
export type SimPricesConfig = z.infer<typeof SimPricesSchema>;

/** The `stateFile` that keeps the state in memory, with no database. */
export const MEMORY_STATE = ':memory:';

/**
 * Configuration of a simulated account. Every field has a default, so `{}` is a working paper
 * account with $100,000 in cash on random-walk prices.
 */
export const SimConfigSchema = z
  .strictObject({
    /** Cash the account starts with (only used when the state is created). */
    initialCash: positiveNumber.default(100_000),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code such as USD' }).default('USD'),
    /** `cash`: buying power is cash. `margin`: equity x `marginMultiplier`, and short selling may be enabled. */
    accountType: z.enum(['cash', 'margin']).default('cash'),
    marginMultiplier: finiteNumber.refine((n) => n >= 1 && n <= 4, { error: 'must be from 1 to 4' }).default(2),
    shortSelling: z.boolean().default(false),
    fractional: z.boolean().default(true),
    commission: z
      .strictObject({
        perShare: nonNegativeNumber.default(0),
        perOrder: nonNegativeNumber.default(0),
        minimum: nonNegativeNumber.default(0),
      })
      .default({ perShare: 0, perOrder: 0, minimum: 0 }),
    /** Market orders (and triggered stops) fill this many basis points worse than the quote. */
    slippageBps: nonNegativeNumber.refine((n) => n < 10_000, { error: 'must be below 10000' }).default(0),
    /** Fill at most the quoted bid / ask size per quote; the rest of the order keeps working. */
    liquidity: z.boolean().default(false),
    /** Seed of the random-walk prices. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    prices: SimPricesSchema.default({ kind: 'random-walk' }),
    /** Market hours: US equities (09:30-16:00 New York, holidays) or always open (UTC days). */
    session: z.enum(['us-equity', 'always']).default('us-equity'),
    /**
     * US equity ticks ($0.01, $0.0001 below $1): order prices off the tick are refused, as a broker
     * refuses them, and slipped fill prices are rounded to the tick. `none`: any price, no rounding.
     */
    priceRounding: z.enum(['us-equity', 'none']).default('us-equity'),
    /**
     * State database (SQLite); `:memory:` keeps nothing. Default (plugin): `<home>/state.db`. A path
     * ending in `.json` names a previous release's state file: imported once into the `.db` beside it.
     */
    stateFile: z.string().min(1).optional(),
    /** How hard each commit is pushed to disk: `full` survives a power cut, `normal` a killed process. */
    stateSync: z.enum(['full', 'normal']).default('full'),
    /** The invest home directory. Default `INVEST_HOME`, else `~/.invest`. */
    home: z.string().min(1).optional(),
    /** While connected, read the price source every this many ms (0: only when called). */
    pollMs: z.number().int().min(0).default(0),
    /** Account id shown in `getAccount` (default `SIM-<name>`). */
    accountId: z.string().min(1).max(64).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.shortSelling && c.accountType !== 'margin') {
      ctx.addIssue({ code: 'custom', path: ['shortSelling'], message: 'needs accountType margin (a cash account cannot sell short)', input: c.shortSelling });
    }
  });

export type SimConfig = z.output<typeof SimConfigSchema>;
export type SimConfigInput = z.input<typeof SimConfigSchema>;

/** Environment variable of each setting (`commission.perShare` is the nested field). */
export const SIM_ENV_NAMES = {
  initialCash: 'SIM_INITIAL_CASH',
  currency: 'SIM_CURRENCY',
  accountType: 'SIM_ACCOUNT_TYPE',
  marginMultiplier: 'SIM_MARGIN_MULTIPLIER',
  shortSelling: 'SIM_SHORT_SELLING',
  fractional: 'SIM_FRACTIONAL',
  'commission.perShare': 'SIM_COMMISSION_PER_SHARE',
  'commission.perOrder': 'SIM_COMMISSION_PER_ORDER',
  'commission.minimum': 'SIM_COMMISSION_MINIMUM',
  slippageBps: 'SIM_SLIPPAGE_BPS',
  liquidity: 'SIM_LIQUIDITY',
  seed: 'SIM_SEED',
  'prices.kind': 'SIM_PRICE_SOURCE',
  'prices.quotes': 'SIM_PRICES',
  'prices.file': 'SIM_PRICE_FILE',
  session: 'SIM_SESSION',
  priceRounding: 'SIM_PRICE_ROUNDING',
  stateFile: 'SIM_STATE_FILE',
  stateSync: 'SIM_STATE_SYNC',
  home: 'INVEST_HOME',
  pollMs: 'SIM_POLL_MS',
  accountId: 'SIM_ACCOUNT_ID',
} as const satisfies Record<string, string>;

const NUMERIC = new Set(['initialCash', 'marginMultiplier', 'commission.perShare', 'commission.perOrder', 'commission.minimum', 'slippageBps', 'seed', 'pollMs']);
const BOOLEAN = new Set(['shortSelling', 'fractional', 'liquidity']);

/** A number where the text is one, else the text (so the schema names the field and shows the value). */
function numberOrText(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

function booleanOrText(text: string): boolean | string {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  return text;
}

/** `AAPL=187.23,MSFT=410` -> `{ AAPL: 187.23, MSFT: 410 }` (a malformed pair stays text for the schema to name). */
function parseQuotes(text: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const [symbol = '', price = ''] = pair.split('=');
    out[symbol.trim().toUpperCase()] = numberOrText(price.trim());
  }
  return out;
}

/**
 * Builds a config input from environment variables (`SIM_*`, and `INVEST_HOME`), unvalidated:
 * numbers and booleans are converted where the text is one, anything else is left for the schema
 * to refuse by name. `SIM_PRICES=AAPL=187.23,MSFT=410` gives static prices (`SIM_PRICE_SOURCE`
 * defaults to `static` when it is set); `SIM_PRICE_FILE` a CSV replay.
 *
 * @example
 * ```ts
 * simConfigFromEnv({ SIM_INITIAL_CASH: '50000', SIM_SEED: '7' }) // { initialCash: 50000, seed: 7 }
 * ```
 */
export function simConfigFromEnv(env: EnvMap): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const prices: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(SIM_ENV_NAMES)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = NUMERIC.has(key) ? numberOrText(text) : BOOLEAN.has(key) ? booleanOrText(text) : text;
    const [head, tail] = key.split('.') as [string, string | undefined];
    if (tail === undefined) config[head] = value;
    else if (head === 'prices') prices[tail] = tail === 'quotes' ? parseQuotes(text) : value;
    else config[head] = { ...(config[head] as Record<string, unknown> | undefined), [tail]: value };
  }
  if (Object.keys(prices).length > 0) {
    prices.kind ??= prices.file !== undefined ? 'csv' : prices.quotes !== undefined ? 'static' : undefined;
    config.prices = prices;
  }
  return config;
}
