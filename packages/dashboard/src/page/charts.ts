import { ArcElement, Chart, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import type { HistoryRow } from '../model/portfolio-source.ts';
import type { PortfolioSnapshot } from '../model/snapshot.ts';
import { money } from './format.ts';

// Only the parts drawn here are registered, so the bundle carries no other chart types.
Chart.register(ArcElement, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** Colours readable on both schemes (checked against the light and dark backgrounds in page.css). */
const PALETTE = ['#2f6fde', '#e4572e', '#17a673', '#c48a00', '#8e5bd8', '#d9467a', '#1593a8', '#7a8a00', '#b5651d', '#5c6bc0'];
const css = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const colour = (i: number): string => PALETTE[i % PALETTE.length]!;

/** Above this many slices the rest is one "other" slice: a doughnut of 200 slivers says nothing. */
const MAX_SLICES = 12;

function slices(items: readonly { label: string; value: number }[]): { labels: string[]; values: number[] } {
  const sorted = items.filter((x) => x.value > 0).sort((a, b) => b.value - a.value);
  const head = sorted.slice(0, MAX_SLICES);
  const rest = sorted.slice(MAX_SLICES).reduce((s, x) => s + x.value, 0);
  if (rest > 0) head.push({ label: 'other', value: rest });
  return { labels: head.map((x) => x.label), values: head.map((x) => x.value) };
}

const charts = new Map<string, Chart>();

function draw(id: string, config: ChartConfiguration): void {
  const existing = charts.get(id);
  if (existing) {
    existing.data = config.data;
    existing.options = config.options ?? {};
    existing.update('none');
    return;
  }
  const canvas = document.getElementById(id) as HTMLCanvasElement | null;
  if (canvas) charts.set(id, new Chart(canvas, config));
}

function common(): ChartConfiguration['options'] {
  Chart.defaults.color = css('--fg');
  Chart.defaults.borderColor = css('--grid');
  return { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'right', labels: { boxWidth: 12 } } } };
}

function doughnut(id: string, items: { label: string; value: number }[], currency: string): void {
  const { labels, values } = slices(items);
  const canvas = document.getElementById(id);
  canvas?.setAttribute('aria-description', labels.map((l, i) => `${l} ${money(values[i], currency)}`).join(', ') || 'nothing held');
  draw(id, {
    type: 'doughnut',
    data: { labels, datasets: [{ data: values, backgroundColor: labels.map((_, i) => colour(i)), borderColor: css('--bg'), borderWidth: 1 }] },
    options: { ...common(), plugins: { ...common()?.plugins, tooltip: { callbacks: { label: (c) => `${c.label}: ${money(c.parsed, currency)}` } } } },
  });
}

/**
 * The two allocation doughnuts: market value by symbol, and equity by account.
 *
 * @example
 * ```ts
 * drawAllocation(snapshot)
 * ```
 */
export function drawAllocation(s: PortfolioSnapshot): void {
  const currency = s.totals[0]?.currency ?? 'USD';
  doughnut('alloc-symbol', s.positions.map((p) => ({ label: p.symbol, value: Math.abs(p.marketValue ?? 0) })), currency);
  doughnut('alloc-account', s.accounts.flatMap((a) => (a.balances ? [{ label: a.name, value: a.balances.equity }] : [])), currency);
}

const clock = (ms: number, span: number): string =>
  span > 86_400_000
    ? new Date(ms).toLocaleDateString('en-US', { month: 'short', day: 'numeric' })
    : new Date(ms).toLocaleTimeString('en-US', span > 3_600_000 ? { hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * Equity over time: one stepped line per account, held at its last figure until now.
 *
 * @example
 * ```ts
 * drawEquity((await (await fetch(historyUrl)).json()).rows)
 * ```
 */
export function drawEquity(rows: readonly HistoryRow[], now = Date.now()): void {
  const byBroker = new Map<string, { x: number; y: number }[]>();
  for (const r of rows) {
    let line = byBroker.get(r.broker);
    if (!line) byBroker.set(r.broker, (line = []));
    line.push({ x: Date.parse(r.at), y: Number(r.equity) });
  }
  let first = now;
  for (const line of byBroker.values()) {
    first = Math.min(first, line[0]!.x);
    // A row is written when a figure changes: the last one holds until now.
    if (line.at(-1)!.x < now) line.push({ x: now, y: line.at(-1)!.y });
  }
  const span = now - first;
  const datasets = [...byBroker.entries()].map(([broker, data], i) => ({
    label: broker, data, borderColor: colour(i), backgroundColor: colour(i), pointRadius: data.length > 50 ? 0 : 2, stepped: true as const,
  }));
  const options = common();
  draw('equity', {
    type: 'line',
    data: { datasets },
    options: {
      ...options,
      parsing: false,
      scales: {
        x: { type: 'linear', ticks: { maxTicksLimit: 6, callback: (v) => clock(Number(v), span) } },
        y: { type: 'linear', ticks: { callback: (v) => money(Number(v)) } },
      },
    },
  });
}

/** Redraws every chart in the colours of the current scheme. */
export function restyleCharts(): void {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}
