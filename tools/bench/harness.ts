// Bench harness shared by every package's `pnpm bench`. Each figure is measured next to a
// baseline in the same run and reported as a ratio, so results compare across machines.
// Results go to bench/results/<package>.json (machine-readable) and a table on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchResult {
  /** What was measured, e.g. `OrderRequest parse + validate`. */
  name: string;
  value: number;
  /** Unit of `value`, e.g. `ops/s`, `us/op`, `ms`. */
  unit: string;
  /** The baseline measured in the same run, in the same unit. */
  baseline: { name: string; value: number };
  /** value / baseline.value. */
  ratio: number;
  /** The target the issue sets, as text (e.g. `>= 100000 ops/s`), and whether it was met. */
  target?: string;
  met?: boolean;
}

/**
 * Runs `fn` `iterations` times per sample after a warm-up and returns the best (highest) rate in
 * operations per second over `samples` samples. Best-of-N keeps a noisy neighbour out of the figure.
 */
export function opsPerSecond(fn: (i: number) => unknown, iterations: number, samples = 5): number {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) fn(i);
  let best = 0;
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(i);
    const ns = Number(process.hrtime.bigint() - start);
    best = Math.max(best, iterations / (ns / 1e9));
  }
  return best;
}

/** Like `opsPerSecond` for async work run one after another. */
export async function opsPerSecondAsync(fn: (i: number) => Promise<unknown>, iterations: number, samples = 5): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 1_000); i++) await fn(i);
  let best = 0;
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn(i);
    const ns = Number(process.hrtime.bigint() - start);
    best = Math.max(best, iterations / (ns / 1e9));
  }
  return best;
}

/** p-th percentile (0-100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Builds a result; `ratio` is value / baseline. */
export function result(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number },
  target?: { text: string; met: boolean },
): BenchResult {
  const r: BenchResult = { name, value, unit, baseline, ratio: value / baseline.value };
  if (target) {
    r.target = target.text;
    r.met = target.met;
  }
  return r;
}

/** Writes bench/results/<pkg>.json and prints a table. */
export function writeResults(pkg: string, results: BenchResult[]): void {
  const file = join(root, 'bench', 'results', `${pkg}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const doc = { package: pkg, node: process.version, date: new Date().toISOString(), results };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3));
  console.log(`\n${pkg}`);
  console.table(
    results.map((r) => ({
      name: r.name,
      value: `${fmt(r.value)} ${r.unit}`,
      baseline: `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}`,
      ratio: fmt(r.ratio),
      target: r.target ? `${r.target} ${r.met ? 'met' : 'NOT met'}` : '',
    })),
  );
  console.log(`wrote ${file}`);
}

/** One round of `timedRound`: per-call latency percentiles (ms), calls per second, CPU per call (ms). */
export interface Round {
  p50: number;
  p99: number;
  /** Calls per second over the round. */
  rate: number;
  /** This process's CPU (user + system) per call, ms. */
  cpuMs: number;
}

/**
 * Calls `fn` `n` times one after another and measures each call: latency percentiles, rate and
 * this process's CPU per call (process.cpuUsage), so work done by a server in another process is
 * not counted.
 *
 * @example
 * const { p50, cpuMs } = await timedRound(() => broker.submitOrder(order), 2000);
 */
export async function timedRound(fn: () => Promise<unknown>, n: number): Promise<Round> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rate: n / seconds, cpuMs: (used.user + used.system) / 1000 / n };
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * `min a / median b / max c` to three decimals: how far the rounds of a figure spread.
 *
 * @example
 * spread([0.48, 0.5, 0.55]); // 'min 0.480 / median 0.500 / max 0.550'
 */
export function spread(values: readonly number[]): string {
  return `min ${Math.min(...values).toFixed(3)} / median ${median(values).toFixed(3)} / max ${Math.max(...values).toFixed(3)}`;
}

/** The rounds one contender of `latencyRounds` ran, and the figures read from them. */
export interface Contender {
  readonly rounds: readonly Round[];
  /** One figure of every round, in round order. */
  of(key: keyof Round): number[];
  /** The median of one figure over the rounds. */
  median(key: keyof Round): number;
  /** `spread` of one figure over the rounds. */
  spread(key: keyof Round): string;
}

export interface LatencyRoundsOptions {
  /** How many rounds each contender runs. */
  rounds: number;
  /** Calls per round. */
  perRound: number;
  /** Calls each contender makes before the first round. Default `perRound`. */
  warmUp?: number;
}

/**
 * Runs each contender (an async call, e.g. the adapter and a raw fetch of the same request)
 * through `rounds` rounds of `perRound` sequential calls after a warm-up, and returns each one's
 * rounds. Which contender goes first rotates from round to round, so drift in the machine's speed
 * hits all alike.
 *
 * @example
 * const { adapter, raw } = await latencyRounds({ adapter: adapterOnce, raw: rawOnce }, { rounds: 5, perRound: 2000 });
 * const addedP50 = adapter.median('p50') - raw.median('p50');
 */
export async function latencyRounds<K extends string>(
  contenders: Record<K, () => Promise<unknown>>,
  options: LatencyRoundsOptions,
): Promise<Record<K, Contender>> {
  const names = Object.keys(contenders) as K[];
  const rounds = new Map<K, Round[]>(names.map((name) => [name, []]));
  for (const name of names) for (let i = 0; i < (options.warmUp ?? options.perRound); i++) await contenders[name]();
  for (let r = 0; r < options.rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length]!;
      rounds.get(name)!.push(await timedRound(contenders[name], options.perRound));
    }
  }
  const out = {} as Record<K, Contender>;
  for (const name of names) {
    const list = rounds.get(name)!;
    const of = (key: keyof Round): number[] => list.map((round) => round[key]);
    out[name] = { rounds: list, of, median: (key) => median(of(key)), spread: (key) => spread(of(key)) };
  }
  return out;
}
