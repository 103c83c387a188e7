// The HMAC-SHA1 signer against every published vector (RFC 5849 and two widely quoted ones),
// from the derived copy committed under test/vectors/. Where ../shared/specs exists (CI), the
// copy is checked against it so the two cannot drift.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baseStringUri,
  collectParameters,
  hmacSha1Signature,
  normalizeParameters,
  percentEncode,
  signatureBaseString,
  type OAuthParam,
} from '../src/index.ts';
import { decodeForm } from '../src/oauth1/percent-encoding.ts';

interface Vector {
  id: string;
  method: string;
  url?: string;
  body?: string;
  authorization_header_params?: Record<string, string>;
  parameters?: Array<[string, string]>;
  base_string_uri: string;
  consumer_secret: string;
  token_secret: string;
  expected: { decoded_parameters?: Array<[string, string]>; normalized_parameters: string; base_string: string; signing_key: string; signature: string };
}
interface VectorFile {
  base_string_uri_examples: Array<{ url: string; expected: string }>;
  vectors: Vector[];
}

const committed = JSON.parse(readFileSync(join(import.meta.dirname, 'vectors', 'rfc5849-vectors.json'), 'utf8')) as VectorFile;
const sharedPath = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'specs', 'oauth1', 'rfc5849-vectors.json');

/** The parameters a vector signs: the request's query, form body and protocol parameters, or the listed ones. */
function parametersOf(v: Vector): OAuthParam[] {
  if (v.parameters) return v.parameters;
  const form = v.body ? decodeForm(v.body) : [];
  return collectParameters(v.url ?? v.base_string_uri, form, Object.entries(v.authorization_header_params ?? {}));
}

describe('OAuth 1.0a HMAC-SHA1 signer: published vectors', () => {
  it('has every vector of the shared spec file', () => {
    expect(committed.vectors.map((v) => v.id)).toEqual([
      'rfc5849-3.4.1.1',
      'rfc5849-1.2-initiate',
      'rfc5849-1.2-token',
      'rfc5849-1.2-photos',
      'oauth-core-1.0-appendix-A.5',
      'x-twitter-creating-a-signature',
    ]);
  });

  for (const v of committed.vectors) {
    describe(v.id, () => {
      const params = parametersOf(v);

      if (v.expected.decoded_parameters) {
        it('decodes the query, body and header parameters (§3.4.1.3.1)', () => {
          expect(params).toEqual(v.expected.decoded_parameters);
        });
      }

      it('builds the base string URI (§3.4.1.2)', () => {
        expect(baseStringUri(v.url ?? v.base_string_uri)).toBe(v.base_string_uri);
      });

      it('normalizes the parameters (§3.4.1.3.2)', () => {
        expect(normalizeParameters(params)).toBe(v.expected.normalized_parameters);
      });

      it('builds the signature base string (§3.4.1.1)', () => {
        expect(signatureBaseString(v.method, v.url ?? v.base_string_uri, params)).toBe(v.expected.base_string);
      });

      it('uses the signing key encode(consumer secret)&encode(token secret)', () => {
        expect(`${percentEncode(v.consumer_secret)}&${percentEncode(v.token_secret)}`).toBe(v.expected.signing_key);
      });

      it('computes the published signature', () => {
        expect(hmacSha1Signature(v.expected.base_string, v.consumer_secret, v.token_secret)).toBe(v.expected.signature);
        const base = signatureBaseString(v.method, v.url ?? v.base_string_uri, params);
        expect(hmacSha1Signature(base, v.consumer_secret, v.token_secret)).toBe(v.expected.signature);
      });
    });
  }

  it.each(committed.base_string_uri_examples)('base string URI of $url is $expected (§3.4.1.2)', ({ url, expected }) => {
    expect(baseStringUri(url)).toBe(expected);
  });

  // The committed copy must say what the shared spec file says.
  it.skipIf(!existsSync(sharedPath) && !process.env.CI)('matches ../shared/specs/oauth1/rfc5849-vectors.json (skipped only where the shared specs are absent, outside CI)', () => {
    const shared = JSON.parse(readFileSync(sharedPath, 'utf8')) as {
      base_string_uri_examples: { examples: Array<{ request: string; scheme: string; expected_base_string_uri: string }> };
      vectors: Array<{ id: string; consumer_secret: string; token_secret: string; expected: Record<string, unknown>; request: Record<string, unknown> }>;
    };
    expect(committed.vectors.length).toBe(shared.vectors.length);
    for (const [i, s] of shared.vectors.entries()) {
      const c = committed.vectors[i] as Vector;
      expect(c.id).toBe(s.id);
      expect([c.consumer_secret, c.token_secret]).toEqual([s.consumer_secret, s.token_secret]);
      for (const [k, value] of Object.entries(c.expected)) expect(value, `${c.id} expected.${k}`).toEqual(s.expected[k]);
      expect(c.method).toBe(s.request.method);
      if (s.request.parameters) expect(c.parameters).toEqual(s.request.parameters);
      if (s.request.url) expect(c.url).toBe(s.request.url);
      if (s.request.body) expect(c.body).toBe(s.request.body);
    }
    const examples = shared.base_string_uri_examples.examples.map((e) => {
      const [requestLine, hostLine] = e.request.split('\n');
      const target = requestLine?.split(' ')[1] ?? '/';
      const host = hostLine?.replace(/^Host:\s*/i, '') ?? '';
      return { url: `${e.scheme}://${host}${target}`, expected: e.expected_base_string_uri };
    });
    expect(committed.base_string_uri_examples).toEqual(examples);
  });
});
