import type { Logger } from '@invest/broker-core';

/** A logger that keeps the messages of its warnings (for tests that a warning was given). */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const log: Logger & { warnings: string[] } = { warnings, debug() {}, info() {}, error() {}, warn: (msg) => void warnings.push(msg), child: () => log };
  return log;
}
