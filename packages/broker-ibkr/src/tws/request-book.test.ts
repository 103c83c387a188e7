import { EventEmitter } from 'node:events';
import type { IBApi } from '@stoqey/ib';
import { describe, expect, it } from 'vitest';
import { RequestBook, type Waiting } from './request-book.ts';

function book(): { book: RequestBook; ib: EventEmitter } {
  const ib = new EventEmitter();
  return { book: new RequestBook(ib as unknown as IBApi), ib };
}

function waiting(ids: number[], log: string[], name: string): Waiting {
  return {
    ids,
    error: (_e, code) => log.push(`${name} error ${code}`),
    echo: (id) => log.push(`${name} echo ${id}`),
    down: () => log.push(`${name} down`),
    expire: () => log.push(`${name} expired`),
  };
}

describe('RequestBook', () => {
  it('routes TWS errors by id to the requests waiting for that id only', () => {
    const { book: b, ib } = book();
    const log: string[] = [];
    b.add(waiting([7], log, 'a'));
    const second = b.add(waiting([7, 8], log, 'b'));
    ib.emit('error', new Error('x'), 201, 8);
    ib.emit('error', new Error('x'), 202, 7);
    b.remove(second);
    ib.emit('error', new Error('x'), 203, 8);
    ib.emit('error', new Error('x'), 204, 9);
    expect(log).toEqual(['b error 201', 'a error 202', 'b error 202']);
  });

  it('routes order echoes by id, as errors', () => {
    const { book: b } = book();
    const log: string[] = [];
    b.add(waiting([7], log, 'a'));
    const second = b.add(waiting([7, 8], log, 'b'));
    b.echo(8);
    b.echo(7);
    b.remove(second);
    b.echo(8);
    b.echo(9);
    expect(log).toEqual(['b echo 8', 'a echo 7', 'b echo 7']);
  });

  it('expires each armed request at its own deadline, and not one that was removed', async () => {
    const { book: b } = book();
    const log: string[] = [];
    const slow = b.add(waiting([], log, 'slow'));
    const fast = b.add(waiting([], log, 'fast'));
    const gone = b.add(waiting([], log, 'gone'));
    b.arm(slow, 60);
    b.arm(fast, 20);
    b.arm(gone, 10);
    b.remove(gone);
    await new Promise((r) => setTimeout(r, 40));
    expect(log).toEqual(['fast expired']);
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual(['fast expired', 'slow expired']);
  });

  it('tells every waiting request of a drop; close() leaves no timer', () => {
    const { book: b } = book();
    const log: string[] = [];
    const a = b.add(waiting([1], log, 'a'));
    b.add(waiting([], log, 'b'));
    b.arm(a, 30_000);
    b.dropAll();
    b.close();
    expect(log).toEqual(['a down', 'b down']);
  });
});
