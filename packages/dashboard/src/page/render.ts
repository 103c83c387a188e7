import type { AccountCard, PortfolioSnapshot, RiskUsage } from '../model/snapshot.ts';
import { esc, money, numCell, pct, qty, time } from './format.ts';

const RULE_NAMES: Record<RiskUsage['rule'], string> = {
  max_position_size: 'Largest position',
  max_daily_loss: 'Daily loss',
  min_cash_balance: 'Minimum cash',
  stop_loss_pct: 'Protective stop',
};

function riskList(rows: readonly RiskUsage[], currency: string): string {
  if (rows.length === 0) return '<p class="note">No risk limits.</p>';
  const item = (r: RiskUsage): string => {
    const show = (v: number | undefined): string => (r.unit === 'money' ? money(v, currency) : pct(v));
    const detail = r.rule === 'stop_loss_pct'
      ? `${pct(r.setting)} from entry`
      : r.rule === 'min_cash_balance' ? `${show(r.used)} (minimum ${show(r.limit)})` : `${show(r.used)} of ${show(r.limit)}`;
    const meter = r.fraction === undefined ? '' : `<meter min="0" max="1" low="0.7" high="0.9" optimum="0" value="${Math.min(r.fraction, 1)}" aria-label="${RULE_NAMES[r.rule]} used">${pct(r.fraction)}</meter>`;
    return `<li data-rule="${r.rule}"${r.fraction === undefined ? '' : ` data-fraction="${r.fraction}"`}><span>${RULE_NAMES[r.rule]}</span> <span>${esc(detail)}</span> ${meter}</li>`;
  };
  return `<ul class="risk">${rows.map(item).join('')}</ul>`;
}

/**
 * The markup of each section from a snapshot; every figure keeps its exact value in `data-value`.
 *
 * @example
 * ```ts
 * document.getElementById('totals')!.innerHTML = renderTotals(snapshot)
 * ```
 */
export function renderTotals(s: PortfolioSnapshot): string {
  if (s.totals.length === 0) return '<p class="note">No account answered.</p>';
  return s.totals.map((t) => `<dl class="total" data-currency="${esc(t.currency)}">
<div><dt>Equity</dt><dd data-field="equity" data-value="${t.equity}">${money(t.equity, t.currency)}</dd></div>
<div><dt>Cash</dt><dd data-field="cash" data-value="${t.cash}">${money(t.cash, t.currency)}</dd></div>
<div><dt>Buying power</dt><dd data-field="buyingPower" data-value="${t.buyingPower}">${money(t.buyingPower, t.currency)}</dd></div>
<div><dt>Day P&amp;L</dt><dd data-field="dayPnl"${t.dayPnl === undefined ? '' : ` data-value="${t.dayPnl}"`}>${money(t.dayPnl, t.currency)}</dd></div>
<div><dt>Accounts</dt><dd>${esc(t.brokers.join(', '))}</dd></div>
</dl>`).join('') + (s.globalRisk.length > 0 ? `<h3>Limits across all accounts</h3>${riskList(s.globalRisk, s.totals[0]!.currency)}` : '');
}

function card(a: AccountCard): string {
  const id = `acct-${a.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const state = a.state === 'connected' ? 'connected' : a.state === 'error' ? 'error' : 'disconnected';
  const b = a.balances;
  const balances = b ? `<dl class="balances">
<div><dt>Equity</dt><dd data-field="equity" data-value="${b.equity}">${money(b.equity, b.currency)}</dd></div>
<div><dt>Cash</dt><dd data-field="cash" data-value="${b.cash}">${money(b.cash, b.currency)}</dd></div>
<div><dt>Buying power</dt><dd data-field="buyingPower" data-value="${b.buyingPower}">${money(b.buyingPower, b.currency)}</dd></div>
<div><dt>Day P&amp;L</dt><dd data-field="dayPnl"${b.dayPnl === undefined ? '' : ` data-value="${b.dayPnl}"`}>${money(b.dayPnl, b.currency)}</dd></div>
</dl>` : '';
  return `<article class="card state-${state}" data-account="${esc(a.name)}" aria-labelledby="${id}">
<h3 id="${id}">${esc(a.name)}${a.isDefault ? ' <span class="tag">default</span>' : ''}</h3>
<p class="tags"><span class="tag">${esc(a.type)}</span> <span class="tag ${a.paper ? 'paper' : 'live'}">${a.paper ? 'paper' : 'LIVE'}</span> <span class="tag state" data-state="${state}">${state}</span></p>
${a.error !== undefined ? `<p class="error" role="alert" data-field="error">${esc(a.error)}</p>` : ''}
${balances}
${b || a.risk.length > 0 ? `<h4>Risk limits</h4>${riskList(a.risk, b?.currency ?? 'USD')}` : ''}
</article>`;
}

export const renderAccounts = (s: PortfolioSnapshot): string => s.accounts.map(card).join('');

export function renderPositions(s: PortfolioSnapshot): string {
  if (s.positions.length === 0) return '<p class="note">No positions.</p>';
  const currency = s.totals.length === 1 ? s.totals[0]!.currency : 'USD';
  const rows = s.positions.map((p) => `<tr data-symbol="${esc(p.symbol)}">
<th scope="row">${esc(p.symbol)}</th>${numCell('quantity', p.quantity, qty(p.quantity))}${numCell('averageCost', p.averageCost, money(p.averageCost, currency))}${numCell('marketValue', p.marketValue, money(p.marketValue, currency))}${numCell('unrealizedPnl', p.unrealizedPnl, money(p.unrealizedPnl, currency))}
<td><ul class="breakdown">${p.breakdown.map((x) => `<li data-broker="${esc(x.broker)}" data-quantity="${x.quantity}" data-average-cost="${x.averageCost}">${esc(x.broker)}: ${qty(x.quantity)} @ ${money(x.averageCost, currency)}</li>`).join('')}</ul></td></tr>`).join('');
  return `<div class="scroll" role="region" aria-labelledby="positions-heading" tabindex="0"><table id="positions-table">
<thead><tr><th scope="col">Symbol</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Avg cost</th><th scope="col" class="num">Value</th><th scope="col" class="num">Unrealized P&amp;L</th><th scope="col">By account</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export function renderOrders(s: PortfolioSnapshot): string {
  const orders = s.accounts.flatMap((a) => a.openOrders.map((o) => ({ ...o, broker: a.name })));
  if (orders.length === 0) return '<p class="note">No open orders.</p>';
  return `<div class="scroll" role="region" aria-labelledby="orders-heading" tabindex="0"><table id="orders-table"><thead><tr><th scope="col">Account</th><th scope="col">Order</th><th scope="col">Side</th><th scope="col">Symbol</th><th scope="col">Type</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Filled</th><th scope="col" class="num">Limit</th><th scope="col">Status</th></tr></thead><tbody>
${orders.map((o) => `<tr data-order="${esc(o.id)}" data-broker="${esc(o.broker)}"><td>${esc(o.broker)}</td><td>${esc(o.id)}</td><td>${o.side}</td><td>${esc(o.symbol)}</td><td>${esc(o.type)}</td>${numCell('quantity', o.quantity, o.quantity === undefined ? money(o.notional) : qty(o.quantity))}${numCell('filledQuantity', o.filledQuantity, qty(o.filledQuantity))}${numCell('limitPrice', o.limitPrice, money(o.limitPrice))}<td>${esc(o.status)}</td></tr>`).join('')}
</tbody></table></div>`;
}

export function renderFills(s: PortfolioSnapshot): string {
  const fills = s.accounts.flatMap((a) => a.recentFills.map((f) => ({ ...f, broker: a.name }))).sort((x, y) => Date.parse(y.at) - Date.parse(x.at)).slice(0, 50);
  if (fills.length === 0) return '<p class="note">No fills yet.</p>';
  return `<div class="scroll" role="region" aria-labelledby="fills-heading" tabindex="0"><table id="fills-table"><thead><tr><th scope="col">Time</th><th scope="col">Account</th><th scope="col">Order</th><th scope="col">Side</th><th scope="col">Symbol</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Price</th></tr></thead><tbody>
${fills.map((f) => `<tr data-order="${esc(f.orderId)}" data-broker="${esc(f.broker)}"><td><time datetime="${esc(f.at)}">${esc(time(f.at))}</time></td><td>${esc(f.broker)}</td><td>${esc(f.orderId)}</td><td>${f.side}</td><td>${esc(f.symbol)}</td>${numCell('quantity', f.quantity, qty(f.quantity))}${numCell('price', f.price, money(f.price))}</tr>`).join('')}
</tbody></table></div>`;
}
