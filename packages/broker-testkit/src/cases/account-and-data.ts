import { generateClientOrderId } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import { check, fail } from '../failure.ts';
import { EPSILON, expectValidCapabilities } from '../validators.ts';

export const accountAndDataCases: readonly ConformanceCase[] = [
  {
    id: 'BC-01',
    title: 'declares schema-valid capabilities and connects',
    async run(ctx) {
      const broker = ctx.given;
      expectValidCapabilities(broker.capabilities, 'broker.capabilities');
      check(typeof broker.name === 'string' && broker.name.length > 0, 'broker.name must be a non-empty string');
      check(typeof broker.type === 'string' && broker.type.length > 0, 'broker.type must be a non-empty string');
      check(broker.connected === true, 'broker.connected is false after connect() resolved');
      try {
        generateClientOrderId(broker.capabilities.clientOrderId);
      } catch (error) {
        fail(`capabilities.clientOrderId cannot generate ids: ${(error as Error).message}`);
      }
    },
  },
  {
    id: 'BC-02',
    title: 'account: schema-valid AccountInfo, paper flag consistent with capabilities',
    async run(ctx) {
      const account = await ctx.broker.getAccount();
      if (!ctx.capabilities.paper) {
        check(!account.paper, 'the account says paper, but capabilities.paper says the broker has no paper environment');
      }
      check(account.currency === account.currency.toUpperCase(), `currency ${account.currency} is not an upper-case ISO 4217 code`);
      const again = await ctx.broker.getAccount();
      check(again.accountId === account.accountId, `accountId changed between two reads: ${account.accountId}, ${again.accountId}`);
    },
  },
  {
    id: 'BC-03',
    title: 'quotes: schema-valid, for the symbol asked, bid not above ask, following the market',
    async run(ctx) {
      const quote = await ctx.broker.getQuote(ctx.symbol);
      if (quote.bid !== undefined && quote.ask !== undefined) {
        check(quote.bid <= quote.ask, `getQuote(${ctx.symbol}) has bid ${quote.bid} above ask ${quote.ask}`);
      }
      if (ctx.market) {
        const set = { bid: 123.45, ask: 123.47, last: 123.46 };
        await ctx.market.setQuote(ctx.symbol, set);
        const moved = await ctx.broker.getQuote(ctx.symbol);
        for (const key of ['bid', 'ask', 'last'] as const) {
          check(moved[key] !== undefined && Math.abs(moved[key] - set[key]) <= EPSILON,
            () => `after the market moved ${key} to ${set[key]}, getQuote says ${moved[key]}`);
        }
      }
    },
  },
  {
    id: 'BC-04',
    title: 'positions: schema-valid, getPosition agrees with getPositions',
    async run(ctx) {
      // With market orders, hold something first: agreement between two empty answers proves little.
      if (ctx.canPlace('market')) {
        await ctx.flatten();
        const buy = await ctx.broker.submitOrder(ctx.request({ side: 'buy' }));
        await ctx.expectFilled(buy.id, 'opening a position to compare');
        await ctx.expectPosition(ctx.quantity, 'after the market buy');
      }
      const positions = await ctx.broker.getPositions();
      const symbols = positions.map((p) => p.symbol.toUpperCase());
      check(new Set(symbols).size === symbols.length, `getPositions() lists a symbol twice: ${symbols.join(', ')}`);
      for (const listed of positions) {
        const single = await ctx.broker.getPosition(listed.symbol);
        check(single !== undefined, `getPositions() lists ${listed.symbol} but getPosition(${listed.symbol}) says flat`);
        for (const key of ['quantity', 'side', 'averageCost'] as const) {
          check(single[key] === listed[key], () => `${listed.symbol}: getPosition says ${key} ${String(single[key])}, getPositions says ${String(listed[key])}`);
        }
      }
      if (!symbols.includes(ctx.symbol)) {
        check(await ctx.broker.getPosition(ctx.symbol) === undefined, `getPosition(${ctx.symbol}) returns a position getPositions() does not list`);
      }
    },
  },
];
