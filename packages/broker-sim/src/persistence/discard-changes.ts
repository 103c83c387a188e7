/**
 * Thrown through a store's `transact` when an operation failed after it had started changing the
 * engine: the store must not write that half-done state (the file keeps what it had). Carries the
 * original error, which the store rethrows.
 */
export class DiscardChanges extends Error {
  readonly original: unknown;
  constructor(original: unknown) {
    super('operation failed midway; changes discarded');
    this.original = original;
  }
}
