import { Decimal, InvalidOrderError } from '@invest/broker-core';

export interface SplitTarget {
  name: string;
  /** Relative weight, >= 0. Zero receives nothing. */
  weight: number;
}

export interface SplitLeg {
  name: string;
  quantity: number;
  /** The exact (unrounded) share, for reports. */
  exact: number;
}

/**
 * Splits `quantity` across targets by weight in multiples of `unit` (1 for whole shares, or a
 * fractional increment) by the largest-remainder method: each target gets the floor of its exact
 * share, and the units left over go to the largest remainders (ties to the earlier target). The
 * legs sum to `quantity` exactly, no leg is a whole unit away from its exact share, and the result
 * depends only on the inputs. Arithmetic is exact (bigint), so weights like 0.1/0.2/0.7 never drift.
 *
 * @example
 * ```ts
 * splitQuantity(10, [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }, { name: 'c', weight: 1 }])
 * // a: 4, b: 3, c: 3
 * ```
 */
export function splitQuantity(quantity: number, targets: readonly SplitTarget[], unit = 1): SplitLeg[] {
  if (!(Number.isFinite(quantity) && quantity > 0)) {
    throw new InvalidOrderError(`Invalid order: quantity: must be greater than 0, got ${quantity}`, { field: 'quantity', outcome: 'denied' });
  }
  if (!(Number.isFinite(unit) && unit > 0)) throw new RangeError(`unit must be > 0, got ${unit}`);
  for (const t of targets) {
    if (!(Number.isFinite(t.weight) && t.weight >= 0)) {
      throw new InvalidOrderError(`Invalid distribution: weight of ${t.name}: must be 0 or more, got ${t.weight}`, { field: `weights.${t.name}`, outcome: 'denied' });
    }
  }
  const q = Decimal.from(quantity);
  const u = Decimal.from(unit);
  const unitsDec = q.div(u, 0);
  if (!unitsDec.mul(u).eq(q)) {
    throw new InvalidOrderError(`Invalid order: quantity: ${quantity} is not a multiple of ${unit}, the smallest step every receiving broker takes`, {
      field: 'quantity', outcome: 'denied',
    });
  }
  const units = unitsDec.units; // scale 0 after div(u, 0)
  // Weights as integers at one common scale.
  const decs = targets.map((t) => Decimal.from(t.weight));
  const scale = Math.max(0, ...decs.map((d) => d.scale));
  const ints = decs.map((d) => d.units * 10n ** BigInt(scale - d.scale));
  const total = ints.reduce((a, b) => a + b, 0n);
  if (total === 0n) {
    throw new InvalidOrderError('Invalid distribution: weights: every weight is 0, so no broker can take the order', { field: 'weights', outcome: 'denied' });
  }
  const base = ints.map((w) => (units * w) / total);
  const rem = ints.map((w) => (units * w) % total);
  let left = units - base.reduce((a, b) => a + b, 0n);
  const order = ints.map((_, i) => i).sort((a, b) => (rem[b]! > rem[a]! ? 1 : rem[b]! < rem[a]! ? -1 : a - b));
  for (const i of order) {
    if (left === 0n) break;
    if (ints[i] === 0n) continue;
    base[i]! += 1n;
    left -= 1n;
  }
  return targets.map((t, i) => ({
    name: t.name,
    quantity: Decimal.ofUnits(base[i]!, 0).mul(u).toNumber(),
    exact: q.mul(Decimal.ofUnits(ints[i]!, 0)).div(Decimal.ofUnits(total, 0), 12).toNumber(),
  }));
}
