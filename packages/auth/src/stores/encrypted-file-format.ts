// On-disk format of the encrypted credential file (version 2; version 1 is still read).
//
//   offset  size  field
//        0     8  magic "INVCRED\0"
//        8     1  format version (2; 1 = the first release)
//        9     1  key derivation function (1 = scrypt)
//       10     1  log2(N), the scrypt cost
//       11     1  r, the scrypt block size
//       12     1  p, the scrypt parallelism
//       13    16  salt (random per passphrase)
//       29    12  AES-256-GCM IV (random per write)
//       41     …  ciphertext
//   end-16    16  GCM authentication tag
//
// GCM additional authenticated data (AAD): in version 2 the 41-byte header, then the purpose
// string "invest credential store v2\0", then the store id (UTF-8; by default the file's base
// name). So a change to any byte of the file fails authentication, and so does a file of another
// store copied over this one, even under the same passphrase. Version 1 bound only the header;
// such a file is still opened and rewritten as version 2 (see EncryptedFileStore).
//
// Parameters are bounded before any key is derived, so a damaged header can neither make the
// reader allocate gigabytes nor reach scrypt with parameters it throws on.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { AuthenticationError } from '@invest/broker-core';

export const FILE_MAGIC: Buffer = Buffer.from('INVCRED\0', 'latin1');
/** The version written. */
export const FORMAT_VERSION = 2;
/** The first release's format: the header alone is the AAD. Read, never written. */
export const LEGACY_FORMAT_VERSION = 1;
const PURPOSE = Buffer.from('invest credential store v2\0', 'utf8');
const KDF_SCRYPT = 1;
const SALT_LENGTH = 16;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
export const HEADER_LENGTH = FILE_MAGIC.length + 5 + SALT_LENGTH + IV_LENGTH;

/** The cheapest scrypt cost a production file may use: N = 2^17, r = 8, p = 1 (about 128 MiB). */
export const MIN_LOG2_N = 17;
/** The lowest cost accepted at all, and only through the explicitly named test option. */
export const TEST_MIN_LOG2_N = 10;
/**
 * Upper bounds; N = 2^20 with r = 8 already needs 1 GiB. Tighter than scrypt allows on purpose:
 * a credential file never needs more, and a forged header must not buy a long stall.
 */
const MAX_LOG2_N = 20;
const MAX_R = 16;
const MAX_P = 4;
const MAX_MEMORY = 1024 * 1024 * 1024;

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { log2N: MIN_LOG2_N, r: 8, p: 1 };

export interface FileHeader {
  version: typeof FORMAT_VERSION | typeof LEGACY_FORMAT_VERSION;
  params: ScryptParams;
  salt: Buffer;
  iv: Buffer;
}

/** Why a set of scrypt parameters is refused, or undefined when it is acceptable. */
export function scryptParamsProblem(params: ScryptParams, minLog2N: number): string | undefined {
  const { log2N, r, p } = params;
  if (!Number.isInteger(log2N) || log2N < minLog2N || log2N > MAX_LOG2_N) return `scrypt N must be 2^${minLog2N}..2^${MAX_LOG2_N}, got 2^${log2N}`;
  if (!Number.isInteger(r) || r < 1 || r > MAX_R) return `scrypt r must be 1..${MAX_R}, got ${r}`;
  if (!Number.isInteger(p) || p < 1 || p > MAX_P) return `scrypt p must be 1..${MAX_P}, got ${p}`;
  // scrypt (RFC 7914 §2, and OpenSSL's check) needs N < 2^(128 r / 8): r = 1 allows N up to 2^15
  // only. Without this bound, r = 1 in a production file reached scrypt and threw a RangeError.
  if (log2N >= 16 * r) return `scrypt N = 2^${log2N} needs r of at least ${Math.floor(log2N / 16) + 1}, got ${r}`;
  if (scryptMemory(params) > MAX_MEMORY) return 'scrypt parameters need more than 1 GiB';
  return undefined;
}

function scryptMemory({ log2N, r, p }: ScryptParams): number {
  return 128 * r * (2 ** log2N + p);
}

/**
 * Derives the 32-byte AES key. Costs what the parameters say: about 0.3 s and 128 MiB at 2^17.
 * `maxmem` is passed explicitly (what the parameters need plus 1 MiB of slack), and anything
 * scrypt still refuses becomes an `AuthenticationError`, never a raw `RangeError`.
 */
export function deriveKey(passphrase: BinaryLike, salt: Buffer, params: ScryptParams, path = 'credential file'): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** params.log2N, r: params.r, p: params.p, maxmem: scryptMemory(params) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    const refused = (cause: unknown): void => reject(corrupt(path, 'scrypt refused its key derivation parameters', cause));
    try {
      scryptCallback(passphrase, salt, 32, options, (error, key) => (error ? refused(error) : resolve(key)));
    } catch (error) {
      refused(error);
    }
  });
}

/** A new header: the given parameters and salt, and a fresh random IV. */
export function newHeader(params: ScryptParams, salt: Buffer = randomBytes(SALT_LENGTH)): FileHeader {
  return { version: FORMAT_VERSION, params, salt, iv: randomBytes(IV_LENGTH) };
}

export function newSalt(): Buffer {
  return randomBytes(SALT_LENGTH);
}

export function encodeHeader(header: FileHeader): Buffer {
  const out = Buffer.alloc(HEADER_LENGTH);
  FILE_MAGIC.copy(out, 0);
  let at = FILE_MAGIC.length;
  out[at++] = header.version;
  out[at++] = KDF_SCRYPT;
  out[at++] = header.params.log2N;
  out[at++] = header.params.r;
  out[at++] = header.params.p;
  header.salt.copy(out, at);
  header.iv.copy(out, at + SALT_LENGTH);
  return out;
}

/** The one error for a file that cannot be what it claims: it names the file, never a value. */
function corrupt(path: string, what: string, cause?: unknown): AuthenticationError {
  return new AuthenticationError(`${path} is corrupt or not an Invest credentials file: ${what}`, cause === undefined ? {} : { cause });
}

/**
 * Reads and bounds-checks the header. Every refusal is an `AuthenticationError` naming `path`: a
 * file whose header does not check out cannot be trusted, whatever the reason.
 */
export function decodeHeader(file: Buffer, minLog2N: number, path = 'credential file'): FileHeader {
  const tampered = (what: string): AuthenticationError => corrupt(path, what);
  if (file.length < HEADER_LENGTH + TAG_LENGTH) throw tampered('it is too short');
  if (!file.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) throw tampered('wrong magic bytes');
  let at = FILE_MAGIC.length;
  const version = file[at++];
  if (version !== FORMAT_VERSION && version !== LEGACY_FORMAT_VERSION) throw tampered(`unsupported format version ${version}`);
  const kdf = file[at++];
  if (kdf !== KDF_SCRYPT) throw tampered(`unknown key derivation ${kdf}`);
  const params: ScryptParams = { log2N: file[at++] ?? 0, r: file[at++] ?? 0, p: file[at++] ?? 0 };
  const problem = scryptParamsProblem(params, minLog2N);
  if (problem) throw tampered(problem);
  const salt = Buffer.from(file.subarray(at, at + SALT_LENGTH));
  const iv = Buffer.from(file.subarray(at + SALT_LENGTH, at + SALT_LENGTH + IV_LENGTH));
  return { version: version, params, salt, iv };
}

/** What the tag covers besides the ciphertext: the header, and from version 2 the store's identity. */
function associatedData(head: Buffer, version: number, storeId: string): Buffer {
  return version === LEGACY_FORMAT_VERSION ? head : Buffer.concat([head, PURPOSE, Buffer.from(storeId, 'utf8')]);
}

/** Encrypts `plaintext` under `key` for the store `storeId`: header, ciphertext, tag. */
export function seal(plaintext: Buffer, key: Buffer, header: FileHeader, storeId: string): Buffer {
  const head = encodeHeader(header);
  const cipher = createCipheriv('aes-256-gcm', key, header.iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(associatedData(head, header.version, storeId));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, body, cipher.getAuthTag()]);
}

/**
 * Decrypts a whole file whose header `decodeHeader` returned. Nothing is returned unless the tag
 * verifies, so a wrong key, any changed byte or another store's file gives an
 * `AuthenticationError` and never partial plaintext.
 */
export function unseal(file: Buffer, key: Buffer, header: FileHeader, storeId: string, path = 'credential file'): Buffer {
  const head = file.subarray(0, HEADER_LENGTH);
  const tag = file.subarray(file.length - TAG_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', key, header.iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(associatedData(head, header.version, storeId));
  decipher.setAuthTag(tag);
  const body = decipher.update(file.subarray(HEADER_LENGTH, file.length - TAG_LENGTH));
  try {
    return Buffer.concat([body, decipher.final()]);
  } catch {
    body.fill(0);
    const other = header.version === LEGACY_FORMAT_VERSION ? '' : `, or it is another store's file (this store's id is ${JSON.stringify(storeId)})`;
    throw new AuthenticationError(`${path} cannot be opened: wrong passphrase, or the file was modified${other}`);
  }
}
