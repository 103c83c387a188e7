// Which facts each adapter's tests need, from which document under ../shared/specs, and where
// the derived file is committed. Adding an adapter's contract = adding an entry here and running
// `pnpm --filter @invest/contracts derive`.
import type { TdOperationTarget } from './td-endpoint-facts.ts';

/** An OpenAPI document: the operations to keep, by operationId. */
export interface OpenApiTarget {
  /** Path under the specs directory. */
  spec: string;
  /** Output path relative to the repository root. */
  out: string;
  kind: 'openapi';
  operations: string[];
}

/** TD Ameritrade's per-endpoint files (a directory): the endpoints to keep, with their success status and body shape. */
export interface TdEndpointsTarget {
  /** Directory under the specs directory. */
  spec: string;
  out: string;
  kind: 'td-endpoints';
  operations: TdOperationTarget[];
}

export type ContractTarget = OpenApiTarget | TdEndpointsTarget;

export const TARGETS: ContractTarget[] = [
  {
    spec: 'alpaca/trading-api.json',
    out: 'packages/broker-alpaca/test/contract/trading-api.facts.json',
    kind: 'openapi',
    operations: [
      'getAccount', 'getAllOpenPositions', 'getOpenPosition', 'deleteOpenPosition', 'postOrder', 'getAllOrders',
      'getOrderByOrderID', 'getOrderByClientOrderId', 'patchOrderByOrderId', 'deleteOrderByOrderID', 'LegacyClock',
    ],
  },
  {
    spec: 'alpaca/market-data-api.json',
    out: 'packages/broker-alpaca/test/contract/market-data-api.facts.json',
    kind: 'openapi',
    operations: ['StockLatestQuoteSingle', 'StockLatestQuotes', 'StockLatestTradeSingle'],
  },

  {
    spec: 'schwab/trader_api.openapi.json',
    out: 'packages/broker-schwab/test/contract/trader-api.facts.json',
    kind: 'openapi',
    operations: [
      'getAccountNumbers', 'getAccount', 'getOrdersByPathParam', 'placeOrder', 'getOrder', 'cancelOrder', 'replaceOrder', 'previewOrder',
    ],
  },
  {
    spec: 'schwab/market_data.openapi.json',
    out: 'packages/broker-schwab/test/contract/market-data.facts.json',
    kind: 'openapi',
    operations: ['getQuote'],
  },
  {
    // Success statuses and body shapes from TD's endpoint pages (the files name only the object).
    spec: 'tdameritrade/ameritrade-api-schemas/schemas',
    out: 'packages/broker-td/test/contract/td-api.facts.json',
    kind: 'td-endpoints',
    operations: [
      { name: 'GetAccount', success: '200', response: 'object' },
      { name: 'GetOrdersByPath', success: '200', response: 'array' },
      { name: 'PlaceOrder', success: '201', response: 'none' },
      { name: 'GetOrder', success: '200', response: 'object' },
      { name: 'ReplaceOrder', success: '201', response: 'none' },
      { name: 'CancelOrder', success: '200', response: 'none' },
      { name: 'GetQuote', success: '200', response: 'symbol-map' },
    ],
  },
];
