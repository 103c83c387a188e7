/**
 * The path parameters of an operation's `template` read from a concrete, matching path, decoded
 * (a parameter the path lacks reads as an empty string).
 *
 * @example
 * ```ts
 * pathParams('/accounts/{accountNumber}/orders/{orderId}', '/accounts/ABC/orders/42') // { accountNumber: 'ABC', orderId: '42' }
 * ```
 */
export function pathParams(template: string, pathname: string): Record<string, string> {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(pathname);
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    out[name] = decodeURIComponent(match?.[i + 1] ?? '');
  });
  return out;
}
