// disconnect() ends every wait of the adapter: a CLI that disconnects while TWS is down (the
// adapter reconnecting) exits at once, not after the reconnect delay.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const child = new URL('./fixtures/disconnect-while-reconnecting.ts', import.meta.url).pathname;

describe('disconnect while reconnecting', () => {
  it('leaves nothing that keeps the process alive: it exits on its own within a second', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let disconnectedAt: number | undefined;
    createInterface({ input: proc.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('disconnected')) disconnectedAt = Date.now();
    });
    // The reconnect delay and the read's timeout are 30 s: a leftover wait shows as a kill here.
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => proc.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    const exitedAfterMs = disconnectedAt === undefined ? undefined : Date.now() - disconnectedAt;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(lines[0]).toBe('disconnected closed');
    expect(lines[1]).toMatch(/^read failed: CONNECTION ibkr: .*disconnect requested/);
    // Its answer lost, the order was looked up (no waiting once disconnected) and is unknown.
    expect(lines[2]).toMatch(/^order failed: UNKNOWN_OUTCOME /);
    expect(exitedAfterMs).toBeLessThan(1_000);
  });
});
