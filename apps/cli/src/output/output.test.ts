import { PassThrough } from 'node:stream';
import { ConfigError, InvalidOrderError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { errorDocument, Output } from './output.ts';

function capture(): { out: Output; stdout: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { out: new Output(true, false, stream, new PassThrough()), stdout: () => chunks.join('') };
}

describe('--json output', () => {
  it('is an object with named fields; a bare array is refused', () => {
    const { out, stdout } = capture();
    out.data({ brokers: [] });
    expect(JSON.parse(stdout())).toEqual({ brokers: [] });
    expect(() => out.data([1, 2] as never)).toThrow(/object with named fields/);
  });

  it('an error raised locally names no broker; a broker\'s error keeps its name', () => {
    expect(errorDocument(new ConfigError('No config', { path: 'brokers.json' }))).not.toHaveProperty('broker');
    expect(errorDocument(new InvalidOrderError('Invalid order: x', { broker: 'sim', outcome: 'denied' }))).toMatchObject({ broker: 'sim', code: 'INVALID_ORDER' });
    expect(errorDocument(new Error('boom'))).toEqual({ message: 'boom' });
  });
});
