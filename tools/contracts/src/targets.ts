// Which facts each adapter's tests need, from which document under ../shared/specs, and where
// the derived file is committed. Adding an adapter's contract = adding an entry here and running
// `pnpm --filter @invest/contracts derive`.
export interface ContractTarget {
  /** Path under the specs directory. */
  spec: string;
  /** Output path relative to the repository root. */
  out: string;
  kind: 'openapi';
  operations: string[];
}

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
];
