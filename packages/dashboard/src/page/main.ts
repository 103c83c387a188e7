import type { HistoryRow } from '../model/portfolio-source.ts';
import type { PortfolioSnapshot } from '../model/snapshot.ts';
import { drawAllocation, drawEquity, restyleCharts } from './charts.ts';
import { renderAccounts, renderFills, renderOrders, renderPositions, renderTotals } from './render.ts';

// The token came in the page's URL; every request back carries it (the server refuses others).
const token = new URLSearchParams(location.search).get('token') ?? '';
const api = (path: string, params: Record<string, string> = {}): string => `${path}?${new URLSearchParams({ ...params, token }).toString()}`;
const $ = (id: string): HTMLElement => document.getElementById(id)!;

let latest: PortfolioSnapshot | undefined;
let historyRows: readonly HistoryRow[] = [];

function render(s: PortfolioSnapshot): void {
  latest = s;
  $('totals').innerHTML = renderTotals(s);
  $('accounts').innerHTML = renderAccounts(s);
  $('positions').innerHTML = renderPositions(s);
  $('orders').innerHTML = renderOrders(s);
  $('fills').innerHTML = renderFills(s);
  drawAllocation(s);
  const main = $('main');
  main.setAttribute('aria-busy', 'false');
  main.dataset.snapshotAt = s.at;
  // The moment the first portfolio is on screen (read by the bench: navigation to drawn).
  if (performance.getEntriesByName('portfolio-drawn').length === 0) requestAnimationFrame(() => performance.mark('portfolio-drawn'));
}

function selectedRange(): number {
  const checked = document.querySelector<HTMLInputElement>('input[name="range"]:checked');
  return Number(checked?.value ?? 0);
}

async function loadHistory(): Promise<void> {
  const range = selectedRange();
  const params: Record<string, string> = range > 0 ? { from: String(Date.now() - range) } : {};
  const res = await fetch(api('/api/history', params));
  if (!res.ok) return;
  const body = (await res.json()) as { rows: HistoryRow[]; stored: boolean };
  historyRows = body.rows;
  drawEquity(historyRows);
  $('equity-note').textContent = body.stored ? (historyRows.length === 0 ? 'No history in this range yet.' : '') : 'No history source.';
}

/** A failed history read leaves the chart as it was; the live figures above are unaffected. */
const reloadHistory = (): void => void loadHistory().catch(() => undefined);

let historyTimer: number | undefined;
/** History follows the live figures, at most once a second. */
function scheduleHistory(): void {
  if (historyTimer !== undefined) return;
  historyTimer = window.setTimeout(() => {
    historyTimer = undefined;
    reloadHistory();
  }, 1_000);
}

function connect(): void {
  const live = $('live');
  const events = new EventSource(api('/api/events'));
  events.addEventListener('open', () => {
    live.textContent = 'Live';
    live.dataset.state = 'live';
  });
  events.addEventListener('snapshot', (e) => {
    render(JSON.parse((e as MessageEvent<string>).data) as PortfolioSnapshot);
    live.textContent = `Live · updated ${new Date(latest!.at).toLocaleTimeString('en-US')}`;
    scheduleHistory();
  });
  // EventSource reconnects by itself (the server asks for 500 ms); say so meanwhile.
  events.addEventListener('error', () => {
    live.textContent = 'Reconnecting…';
    live.dataset.state = 'reconnecting';
  });
}

$('range').addEventListener('change', reloadHistory);
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  restyleCharts();
  if (latest) drawAllocation(latest);
  drawEquity(historyRows);
});
connect();
reloadHistory();
