export { AuthManager } from './auth-manager.ts';
export type { AuthManagerOptions, CredentialListing } from './auth-manager.ts';
export { redactingStore, registerCredentialSecrets } from './redaction.ts';
export type { SecretPredicate } from './redaction.ts';

export { CredentialNameSchema, CredentialRefSchema, STORE_PRECEDENCE, StoreKind } from './stores/credential-store.ts';
export type { CredentialRef, CredentialStore } from './stores/credential-store.ts';
export { availableStores } from './stores/available-stores.ts';
export type { AvailableStoresOptions, StoreAvailability } from './stores/available-stores.ts';
export { EnvStore } from './stores/env-store.ts';
export type { EnvStoreOptions } from './stores/env-store.ts';
export { EncryptedFileStore, EncryptedFileStoreOptionsSchema } from './stores/encrypted-file-store.ts';
export type { EncryptedFileStoreOptions } from './stores/encrypted-file-store.ts';
export { FILE_MAGIC, FORMAT_VERSION, HEADER_LENGTH, LEGACY_FORMAT_VERSION, MIN_LOG2_N } from './stores/encrypted-file-format.ts';
export { KeyringStore } from './stores/keyring-store.ts';
export type { KeyringStoreOptions } from './stores/keyring-store.ts';
export { KEYRING_INSTALL_COMMAND, KEYRING_MODULES, KeyringModuleMissingError, loadKeyringModule } from './stores/keyring-module.ts';
export type { KeyringModuleName, KeytarLike, LoadedKeyringModule, LoadKeyringModuleOptions } from './stores/keyring-module.ts';
export { MemoryStore } from './stores/memory-store.ts';

export { buildAuthorizationUrl, createState } from './oauth2/authorization-url.ts';
export type { AuthorizationRequest, AuthorizationUrlOptions } from './oauth2/authorization-url.ts';
export { loginManually, loginWithLoopback } from './oauth2/login.ts';
export type { LoopbackLoginOptions, ManualLoginOptions } from './oauth2/login.ts';
export { LOOPBACK_HOST, startLoopbackListener } from './oauth2/loopback-listener.ts';
export type { LoopbackListener, LoopbackListenerOptions } from './oauth2/loopback-listener.ts';
export { createPkcePair, pkceChallenge } from './oauth2/pkce.ts';
export type { PkcePair } from './oauth2/pkce.ts';
export type { OAuth2Provider } from './oauth2/provider.ts';
export { parseRedirect } from './oauth2/redirect.ts';
export { OAuth2TokenClient } from './oauth2/token-client.ts';
export type { OAuth2TokenClientOptions } from './oauth2/token-client.ts';
export { OAUTH2_TOKENS_KEY, OAuth2TokenManager } from './oauth2/token-manager.ts';
export type { OAuth2TokenManagerOptions, TokenStatus } from './oauth2/token-manager.ts';
export { TokenResponseSchema, TokenSetSchema, tokenSetFromResponse } from './oauth2/token-set.ts';
export type { TokenResponse, TokenSet } from './oauth2/token-set.ts';

export { OAuth1Client, OAuth1TokenSchema } from './oauth1/flow.ts';
export type { OAuth1ClientOptions, OAuth1Token } from './oauth1/flow.ts';
export { createNonce } from './oauth1/nonce.ts';
export { decodeForm, percentEncode } from './oauth1/percent-encoding.ts';
export type { OAuth1Provider } from './oauth1/provider.ts';
export { OAUTH1_SESSION_KEY, OAuth1SessionManager, OAuth1SessionSchema } from './oauth1/session.ts';
export type { OAuth1Session, OAuth1SessionManagerOptions } from './oauth1/session.ts';
export {
  authorizationHeader,
  baseStringUri,
  collectParameters,
  hmacSha1Signature,
  normalizeParameters,
  signatureBaseString,
  signRequest,
} from './oauth1/signer.ts';
export type { OAuth1Credentials, OAuthParam, SignedRequest, SignRequestInput } from './oauth1/signer.ts';
export { nextMidnight, US_EASTERN } from './oauth1/zoned-midnight.ts';

export { ETRADE_AUTHORIZE_URL, ETRADE_HOSTS, etradeOAuth1Provider } from './providers/etrade.ts';
export type { EtradeEnvironment, EtradeProviderOptions } from './providers/etrade.ts';
export { SCHWAB_OAUTH, schwabOAuth2Provider } from './providers/schwab.ts';
export { TD_AMERITRADE_OAUTH, tdAmeritradeOAuth2Provider } from './providers/td-ameritrade.ts';
