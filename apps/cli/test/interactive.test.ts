import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initHome, invest } from './run-cli.ts';
import { startInvest } from './pty.ts';

describe('interactive commands through a real terminal', () => {
  it('add asks for what the chosen type needs and writes the config', async () => {
    const home = await initHome();
    const s = startInvest(home, ['add']);
    await s.answer(/Name for this account/, 'paper-3\r');
    await s.answer(/Broker type/, '\r'); // the first (and here only) type: Simulation
    await s.answer(/Paper \/ sandbox trading\?/, '\r');
    await s.answer(/Weight in distributed orders/, '\u007f2\r');
    expect(await s.exit).toBe(0);
    expect(s.screen()).toMatch(/Added paper-3 \(sim, paper\)/);
    const doc = JSON.parse(await readFile(join(home, 'brokers.json'), 'utf8'));
    expect(doc.brokers['paper-3']).toEqual({ type: 'sim', paper_trading: true, weight: 2 });
    const status = JSON.parse((await invest(home, ['status', '--json'])).stdout);
    expect(status.brokers.map((r: { name: string }) => r.name)).toEqual(['paper-1', 'paper-2', 'paper-3']);
  });

  it('add refuses to run without a terminal', async () => {
    const home = await initHome();
    const r = await invest(home, ['add']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/asks questions: run it in a terminal/);
  });
});
