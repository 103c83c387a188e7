import type { SimPricesConfig } from '../config.ts';
import { csvPrices } from './csv-prices.ts';
import type { PriceSource } from './price-source.ts';
import { randomWalkPrices } from './random-walk-prices.ts';
import { staticPrices } from './static-prices.ts';

/**
 * The price source a config describes (undefined for `none`).
 *
 * @example
 * ```ts
 * pricesFromConfig({ kind: 'static', quotes: { AAPL: 187.23 } }, 1)
 * ```
 */
export function pricesFromConfig(config: SimPricesConfig, seed: number): PriceSource | undefined {
  switch (config.kind) {
    case 'static':
      return staticPrices(config.quotes);
    case 'csv':
      return csvPrices({ file: config.file });
    case 'random-walk': {
      const { kind: _kind, ...options } = config;
      return randomWalkPrices({ seed, ...options });
    }
    case 'none':
      return undefined;
  }
}
