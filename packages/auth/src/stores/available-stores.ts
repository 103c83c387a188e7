import { KeyringStore, type KeyringStoreOptions } from './keyring-store.ts';

/** Whether a store the user could pick for `set-creds` works on this machine, and if not, why. */
export interface StoreAvailability {
  kind: 'keyring' | 'file';
  available: boolean;
  /** Why it does not work here (the keyring error's message), when it does not. */
  reason?: string;
}

export interface AvailableStoresOptions extends KeyringStoreOptions {
  /** How long the keyring may take to answer the probe. Default 3 s (a hung D-Bus never answers). */
  timeoutMs?: number;
}

/** Account name of the probe read; nothing is ever stored under it. */
const PROBE_ACCOUNT = 'invest-probe:availability';
let cached: Promise<StoreAvailability[]> | undefined;

/**
 * The stores a user can choose here, probed once per process: the encrypted file always works;
 * the OS keyring only when a keyring module is installed and its backend answers a read (on a
 * headless Linux box without a Secret Service it does not). The probe only reads an entry that
 * does not exist, so it never prompts, writes or sees a secret. Options other than the timeout
 * (a stand-in `load`, a pinned module) bypass the cache.
 *
 * @example
 * ```ts
 * const stores = await availableStores()
 * const choices = stores.filter((s) => s.available).map((s) => s.kind) // ['file'] on a server
 * ```
 */
export function availableStores(options: AvailableStoresOptions = {}): Promise<StoreAvailability[]> {
  const { timeoutMs, ...keyring } = options;
  if (Object.keys(keyring).length > 0) return probe(keyring, timeoutMs ?? 3_000);
  cached ??= probe({}, timeoutMs ?? 3_000);
  return cached;
}

async function probe(options: KeyringStoreOptions, timeoutMs: number): Promise<StoreAvailability[]> {
  const file: StoreAvailability = { kind: 'file', available: true };
  const store = new KeyringStore(options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the OS keyring did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    const [broker, key] = PROBE_ACCOUNT.split(':') as [string, string];
    await Promise.race([store.get(broker, key), timeout]);
    return [{ kind: 'keyring', available: true }, file];
  } catch (error) {
    return [{ kind: 'keyring', available: false, reason: error instanceof Error ? error.message : String(error) }, file];
  } finally {
    clearTimeout(timer);
  }
}
