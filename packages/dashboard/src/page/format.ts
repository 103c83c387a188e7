// Display only: every figure arrives computed (exactly) by the server; the page formats, never sums.

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * A money figure with two decimals; a dash for a figure the broker did not give.
 *
 * @example
 * ```ts
 * money(12345.678) // '$12,345.68'
 * ```
 */
export function money(value: number | undefined, currency = 'USD'): string {
  if (value === undefined) return '–';
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyFormats.set(currency, f);
  }
  return f.format(value);
}

const qtyFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 9 });
export const qty = (value: number | undefined): string => (value === undefined ? '–' : qtyFormat.format(value));

const pctFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 2 });
export const pct = (value: number | undefined): string => (value === undefined ? '–' : pctFormat.format(value));

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/**
 * Text from the server (account names, error messages) goes into markup escaped.
 *
 * @example
 * ```ts
 * esc('<b>') // '&lt;b&gt;'
 * ```
 */
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * A number cell: the shown text, and the exact figure in `data-value` (what the tests compare).
 *
 * @example
 * ```ts
 * numCell('quantity', 3.5, '3.5') // '<td class="num" data-field="quantity" data-value="3.5">3.5</td>'
 * ```
 */
export function numCell(field: string, value: number | undefined, text: string): string {
  return `<td class="num" data-field="${field}"${value === undefined ? '' : ` data-value="${value}"`}>${esc(text)}</td>`;
}

export const time = (iso: string): string => new Date(iso).toLocaleString('en-US', { dateStyle: 'short', timeStyle: 'medium' });
