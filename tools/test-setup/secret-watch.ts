// Loaded before every test file of every project (see vitest.shared.ts). It watches, for the
// whole run, everything the toolkit lets out: log records (diagnostics channel invest:log),
// every BrokerError created, caught or not (invest:error), console output, and stdout/stderr
// writes. A test during which a canary secret appears fails with the place it leaked.
import { subscribe } from 'node:diagnostics_channel';
import { afterEach, expect } from 'vitest';
import { CANARIES } from './canary.ts';

const leaks: string[] = [];

function scan(where: string, text: unknown): void {
  if (typeof text !== 'string' || text.length === 0) return;
  for (const canary of CANARIES) {
    if (text.includes(canary)) leaks.push(`${where}: ${text.slice(0, 200)}`);
  }
}

function errorText(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error);
  const e = error as Record<string, unknown>;
  const parts = [e.message, e.brokerMessage, e.stack];
  try {
    parts.push(JSON.stringify(error));
  } catch {
    // circular: the message and stack above are what gets printed anyway
  }
  return parts.filter((p) => typeof p === 'string').join('\n');
}

subscribe('invest:log', (record) => scan('log record', JSON.stringify(record)));
subscribe('invest:error', (error) => scan('BrokerError', errorText(error)));

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    for (const a of args) scan(`console.${method}`, typeof a === 'string' ? a : errorText(a));
    original(...args);
  };
}

for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
  (stream as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
    scan(stream === process.stdout ? 'stdout' : 'stderr', typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '');
    return original(chunk, ...rest);
  };
}

afterEach(() => {
  const found = leaks.splice(0);
  expect(found, 'a canary secret leaked into logs, output or an error message').toEqual([]);
});
