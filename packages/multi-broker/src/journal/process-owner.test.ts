import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { currentOwner, isOwnerAlive, startOf } from './process-owner.ts';

describe('journal owners: pid and start time', () => {
  it('this process is alive; the same pid with another start time (a reused pid) is not', () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(isOwnerAlive(me)).toBe(true);
    expect(isOwnerAlive({ pid: me.pid, start: `${me.start}-earlier` })).toBe(false);
  });

  it('a child is alive while it runs and gone once it is killed', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const owner = { pid: child.pid!, start: startOf(child.pid!)! };
    expect(owner.start).toBeDefined();
    expect(isOwnerAlive(owner)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isOwnerAlive(owner)).toBe(false);
  });

  it('a pid with no process is gone', () => {
    expect(isOwnerAlive({ pid: 2 ** 22 + 12345, start: 'anything' })).toBe(false);
  });
});
