import { ConfigError, ManualClock } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { createNonce } from './nonce.ts';
import { decodeForm, percentEncode } from './percent-encoding.ts';
import { authorizationHeader, collectParameters, hmacSha1Signature, signatureBaseString, signRequest } from './signer.ts';

describe('percentEncode (RFC 5849 §3.6)', () => {
  it('leaves only unreserved characters alone', () => {
    expect(percentEncode('AZaz09-._~')).toBe('AZaz09-._~');
  });

  it("encodes the characters encodeURIComponent leaves: ! ' ( ) *", () => {
    expect(percentEncode("!'()*")).toBe('%21%27%28%29%2A');
  });

  it('encodes spaces as %20 (never +), and UTF-8 bytes with upper-case hex', () => {
    expect(percentEncode('a b+c')).toBe('a%20b%2Bc');
    expect(percentEncode('é☃')).toBe('%C3%A9%E2%98%83');
  });

  it('matches a byte-by-byte reference encoder for any string, and decodes back', () => {
    const reference = (s: string): string =>
      [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(percentEncode(s)).toBe(reference(s));
        expect(decodeURIComponent(percentEncode(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes form strings keeping order, duplicates and empty values', () => {
    expect(decodeForm('?a=1&a=2&b&c=x+y%21')).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', ''],
      ['c', 'x y!'],
    ]);
  });
});

describe('signRequest', () => {
  const base = { method: 'GET', url: 'https://apisb.etrade.com/v1/accounts/list.json?count=5', consumerKey: 'ck', consumerSecret: CANARY_SECRET };

  it('signs what it sends: the signature checks out against the parameters in its own header', () => {
    const signed = signRequest({ ...base, token: 'tok', tokenSecret: CANARY_TOKEN, nonce: 'n1', timestamp: 1_700_000_000, realm: '' });
    const sent = signed.oauthParams.filter(([k]) => k !== 'oauth_signature');
    const baseString = signatureBaseString('GET', base.url, collectParameters(base.url, [], sent));
    expect(signed.signature).toBe(hmacSha1Signature(baseString, CANARY_SECRET, CANARY_TOKEN));
    expect(signed.authorization.startsWith('OAuth realm="",oauth_consumer_key="ck",oauth_nonce="n1",oauth_signature_method="HMAC-SHA1",oauth_timestamp="1700000000",oauth_token="tok"')).toBe(true);
    expect(signed.authorization).toContain(`oauth_signature="${percentEncode(signed.signature)}"`);
  });

  it('never puts a secret in the header', () => {
    const signed = signRequest({ ...base, token: 'tok', tokenSecret: CANARY_TOKEN, nonce: 'n1', timestamp: 1 });
    expect(signed.authorization).not.toContain(CANARY_SECRET);
    expect(signed.authorization).not.toContain(CANARY_TOKEN);
  });

  it('signs form fields but not the realm', () => {
    const a = signRequest({ ...base, method: 'POST', form: [['q', '1']], nonce: 'n', timestamp: 1, realm: 'x' });
    const b = signRequest({ ...base, method: 'POST', form: [['q', '2']], nonce: 'n', timestamp: 1, realm: 'y' });
    const c = signRequest({ ...base, method: 'POST', form: [['q', '1']], nonce: 'n', timestamp: 1, realm: 'z' });
    expect(a.signature).not.toBe(b.signature);
    expect(a.signature).toBe(c.signature);
  });

  it('takes the timestamp from the injected clock, in whole seconds', () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:04:05.987Z'));
    const signed = signRequest({ ...base, nonce: 'n', timestamp: clock.now() / 1000 });
    expect(signed.oauthParams).toContainEqual(['oauth_timestamp', String(Date.parse('2026-03-02T15:04:05Z') / 1000)]);
  });

  it('quotes names and values in the header', () => {
    expect(authorizationHeader([['oauth_callback', 'oob'], ['oauth_verifier', 'a b']], '')).toBe('OAuth realm="",oauth_callback="oob",oauth_verifier="a%20b"');
  });
});

describe('a lone surrogate in a parameter', () => {
  const base = { method: 'POST', url: 'https://apisb.etrade.com/v1/accounts/list.json', consumerKey: 'ck', consumerSecret: 'cs', nonce: 'n', timestamp: 1 };
  const caught = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('is a ConfigError naming the parameter, never a raw URIError and never the value', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => signRequest({ ...base, form: [['memo', `x\uD800${CANARY_TOKEN}`]] }), 'memo'],
      [() => signRequest({ ...base, token: `t\uDC00${CANARY_TOKEN}`, tokenSecret: 'ts' }), 'oauth_token'],
      [() => signRequest({ ...base, extra: { oauth_verifier: `\uD800${CANARY_TOKEN}` } }), 'oauth_verifier'],
      [() => signRequest({ ...base, consumerSecret: `${CANARY_SECRET}\uD800` }), 'consumerSecret'],
      [() => signRequest({ ...base, token: 't', tokenSecret: `\uDFFF${CANARY_SECRET}` }), 'tokenSecret'],
      [() => signRequest({ ...base, form: [['bad\uD800name', 'v']] }), 'a parameter name'],
      [() => percentEncode('\uD800'), 'an OAuth parameter'],
    ];
    for (const [run, name] of cases) {
      const error = caught(run);
      expect(error, name).toBeInstanceOf(ConfigError);
      expect(error).not.toBeInstanceOf(URIError);
      expect((error as ConfigError).path).toBe(name);
      expect((error as Error).message).toBe(`OAuth 1.0a: ${name} is not well-formed Unicode (it holds a lone surrogate) and cannot be signed`);
    }
  });

  it('a well-formed surrogate pair is encoded as its UTF-8 bytes', () => {
    expect(percentEncode('\uD83D\uDE00')).toBe('%F0%9F%98%80');
  });
});

describe('createNonce', () => {
  it('gives 10 000 distinct 128-bit nonces', () => {
    const nonces = new Set(Array.from({ length: 10_000 }, createNonce));
    expect(nonces.size).toBe(10_000);
    for (const n of [...nonces].slice(0, 10)) expect(n).toMatch(/^[0-9a-f]{32}$/);
  });
});
