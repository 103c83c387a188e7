// Numbers typed on the command line are plain decimals: what Number() would read differently
// (hex, exponents, spaces, more digits than a double keeps) is a usage error and nothing is sent.
import { describe, expect, it } from 'vitest';
import { initHome, invest } from './run-cli.ts';

describe('numeric flags, as a user runs them', () => {
  it.each(['0x10', '1e3', ' 1 ', '99999999999999999999'])('buy --quantity %j is refused with exit 2, one line naming the flag and the value', async (text) => {
    const home = await initHome();
    const r = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', text, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`--quantity: ${JSON.stringify(text)}`);
    const orders = await invest(home, ['orders', '--json']);
    expect(orders.code).toBe(0);
    expect(JSON.stringify(JSON.parse(orders.stdout))).not.toContain('AAPL');
  });
});
