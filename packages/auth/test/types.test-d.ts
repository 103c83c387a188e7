// Type tests: checked by tsc (the package's typecheck), not run. They pin the public types.
import type { CredentialSource, CredentialStore as CoreCredentialStore } from '@invest/broker-core';
import { expectTypeOf } from 'vitest';
import { AuthManager, EncryptedFileStore, EnvStore, KeyringStore, MemoryStore, type CredentialStore, type StoreAvailability } from '../src/index.ts';

// The manager is what adapters read credentials through; every store is a core CredentialStore.
expectTypeOf<AuthManager>().toExtend<CredentialSource>();
expectTypeOf<EnvStore>().toExtend<CoreCredentialStore>();
expectTypeOf<EncryptedFileStore>().toExtend<CoreCredentialStore>();
expectTypeOf<KeyringStore>().toExtend<CoreCredentialStore>();
expectTypeOf<MemoryStore>().toExtend<CredentialStore>();
// Reads never return anything but text or nothing.
expectTypeOf<AuthManager['get']>().returns.toEqualTypeOf<Promise<string | undefined>>();
expectTypeOf<StoreAvailability>().toBeObject();
