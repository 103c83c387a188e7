import { checkRef, sortRefs, type CredentialRef, type CredentialStore, type StoreKind } from './credential-store.ts';

/**
 * A credential store held in memory only: for tests, and for values a process obtains and must
 * not persist. Nothing survives the process.
 */
export class MemoryStore implements CredentialStore {
  readonly kind: StoreKind = 'memory';
  readonly writable = true;
  readonly #entries = new Map<string, Map<string, string>>();

  /**
   * @example
   * ```ts
   * const store = new MemoryStore({ 'alpaca-main': { apiKey: 'AK...' } })
   * await store.get('alpaca-main', 'apiKey')
   * ```
   */
  constructor(initial: Record<string, Record<string, string>> = {}) {
    for (const [broker, fields] of Object.entries(initial)) {
      for (const [key, value] of Object.entries(fields)) this.#put(broker, key, value);
    }
  }

  async get(broker: string, key: string): Promise<string | undefined> {
    checkRef(broker, key);
    return this.#entries.get(broker)?.get(key);
  }

  async set(broker: string, key: string, value: string): Promise<void> {
    this.#put(broker, key, value);
  }

  async delete(broker: string, key: string): Promise<boolean> {
    checkRef(broker, key);
    const fields = this.#entries.get(broker);
    const removed = fields?.delete(key) ?? false;
    if (fields && fields.size === 0) this.#entries.delete(broker);
    return removed;
  }

  async list(broker?: string): Promise<CredentialRef[]> {
    const refs: CredentialRef[] = [];
    for (const [b, fields] of this.#entries) {
      if (broker !== undefined && b !== broker) continue;
      for (const key of fields.keys()) refs.push({ broker: b, key });
    }
    return sortRefs(refs);
  }

  #put(broker: string, key: string, value: string): void {
    checkRef(broker, key);
    let fields = this.#entries.get(broker);
    if (!fields) this.#entries.set(broker, (fields = new Map<string, string>()));
    fields.set(key, value);
  }
}
