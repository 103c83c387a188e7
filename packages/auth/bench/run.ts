// pnpm bench for @invest/auth. Every figure is paired with a baseline measured in the same run;
// the ratio is what to compare across machines. scrypt is meant to be slow: the open figure is
// the price of N = 2^17 (r 8, p 1, 128 MiB) paid once per session, reported as measured.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { percentile, opsPerSecond, result, writeResults, type BenchResult } from '../../../tools/bench/harness.ts';
import { EncryptedFileStore, signRequest } from '../src/index.ts';
import { deriveKey, decodeHeader, MIN_LOG2_N, unseal } from '../src/stores/encrypted-file-format.ts';

const results: BenchResult[] = [];

// 1. OAuth 1.0a signing of a typical E*TRADE data call vs JSON.stringify of the same parameters.
const input = {
  method: 'GET',
  url: 'https://apisb.etrade.com/v1/accounts/6TzsDaKdWjJ1nUpArSvBMQ/transactions.json?startDate=01012026&endDate=01312026&count=50&sortOrder=DESC',
  consumerKey: 'c5bd3d4a0b7a4b0c8e9f1a2b3c4d5e6f',
  consumerSecret: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
  token: 'Pz+0bQ3Vx1yZ8sT/uW9vRk2mL7nJ4hG6fD5cA1eB0=',
  tokenSecret: 'q9W8e7R6t5Y4u3I2o1P0aSdFgHjKlZxCvBnM1234=',
  nonce: '4f1c2e8a9b7d6c5e3a1f0b9c8d7e6f5a',
  timestamp: 1_767_369_600,
  realm: '',
};
const sameParameters = {
  ...Object.fromEntries(new URL(input.url).searchParams),
  oauth_consumer_key: input.consumerKey,
  oauth_nonce: input.nonce,
  oauth_signature_method: 'HMAC-SHA1',
  oauth_timestamp: String(input.timestamp),
  oauth_token: input.token,
  oauth_version: '1.0',
};
const signRate = opsPerSecond((i) => signRequest({ ...input, timestamp: input.timestamp + i }), 100_000);
const stringifyRate = opsPerSecond((i) => JSON.stringify({ ...sameParameters, oauth_timestamp: String(input.timestamp + i) }), 300_000);
results.push(
  result('OAuth 1.0a HMAC-SHA1 sign (E*TRADE data call, 4 query params)', 1e6 / signRate, 'us/op', {
    name: 'JSON.stringify of the same parameters',
    value: 1e6 / stringifyRate,
  }),
);

// 2. Opening the encrypted store at the production cost vs the same open without scrypt
//    (read + header check + AES-256-GCM decrypt with the key already derived).
const dir = await mkdtemp(join(tmpdir(), 'invest-auth-bench-'));
try {
  const path = join(dir, 'credentials.enc');
  const passphrase = 'correct horse battery staple';
  const writer = await EncryptedFileStore.open({ path, passphrase });
  for (const broker of ['alpaca-main', 'schwab-main', 'td-main', 'etrade-main', 'ibkr']) {
    await writer.setMany(broker, { apiKey: 'k'.repeat(32), secret: 's'.repeat(64), 'oauth2.tokens': 't'.repeat(600) });
  }
  const openMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const store = await EncryptedFileStore.open({ path, passphrase });
    openMs.push(performance.now() - started);
    store.close();
  }
  const bytes = await readFile(path);
  const header = decodeHeader(bytes, MIN_LOG2_N);
  const storeId = basename(path);
  const key = await deriveKey(Buffer.from(passphrase), header.salt, header.params);
  const decryptMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    const file = await readFile(path);
    JSON.parse(unseal(file, key, decodeHeader(file, MIN_LOG2_N), storeId).toString('utf8'));
    decryptMs.push(performance.now() - started);
  }
  const median = (v: number[]): number => percentile(v, 50);
  results.push(
    result(`encrypted store open (scrypt N=2^${MIN_LOG2_N}, r 8, p 1; median of 7)`, median(openMs), 'ms', {
      name: 'read + AES-256-GCM decrypt with the key already derived',
      value: median(decryptMs),
    }),
  );

  // 3. A read after open (cached key, file unchanged) vs JSON.parse of the decrypted content.
  const store = await EncryptedFileStore.open({ path, passphrase });
  const plain = unseal(bytes, key, header, storeId).toString('utf8');
  for (let i = 0; i < 200; i++) await store.get('schwab-main', 'secret');
  const getStarted = performance.now();
  for (let i = 0; i < 2_000; i++) await store.get('schwab-main', 'secret');
  const getUs = ((performance.now() - getStarted) * 1000) / 2_000;
  const parseRate = opsPerSecond(() => JSON.parse(plain), 20_000);
  results.push(result('encrypted store get after open (stat check, cached key)', getUs, 'us/op', { name: 'JSON.parse of the decrypted file', value: 1e6 / parseRate }));
} finally {
  await rm(dir, { recursive: true, force: true });
}

writeResults('auth', results);
