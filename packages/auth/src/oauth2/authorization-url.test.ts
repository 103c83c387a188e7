import { describe, expect, it } from 'vitest';
import { schwabOAuth2Provider } from '../providers/schwab.ts';
import { tdAmeritradeOAuth2Provider } from '../providers/td-ameritrade.ts';
import { buildAuthorizationUrl } from './authorization-url.ts';
import { createPkcePair, pkceChallenge } from './pkce.ts';
import type { OAuth2Provider } from './provider.ts';

describe('PKCE', () => {
  it('computes the RFC 7636 Appendix B challenge', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character verifiers, different every time', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
  });
});

describe('buildAuthorizationUrl', () => {
  it('Schwab: response_type, client_id, redirect_uri and a random state', () => {
    const a = buildAuthorizationUrl(schwabOAuth2Provider(), { clientId: 'app-key', redirectUri: 'https://127.0.0.1:8182' });
    const url = new URL(a.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://api.schwabapi.com/v1/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'app-key', redirect_uri: 'https://127.0.0.1:8182', state: a.state });
    expect(a.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(buildAuthorizationUrl(schwabOAuth2Provider(), { clientId: 'x', redirectUri: 'y' }).state).not.toBe(a.state);
    expect(a.codeVerifier).toBeUndefined();
  });

  it('TD: client id with @AMER.OAUTHAP', () => {
    const a = buildAuthorizationUrl(tdAmeritradeOAuth2Provider(), { clientId: 'TDKEY', redirectUri: 'http://127.0.0.1:5000/callback' });
    expect(new URL(a.url).searchParams.get('client_id')).toBe('TDKEY@AMER.OAUTHAP');
    expect(a.url.startsWith('https://auth.tdameritrade.com/auth?')).toBe(true);
  });

  it('adds an S256 challenge where the provider accepts PKCE, and keeps the verifier', () => {
    const provider: OAuth2Provider = { ...schwabOAuth2Provider(), pkce: true, scope: 'api' };
    const a = buildAuthorizationUrl(provider, { clientId: 'c', redirectUri: 'r' });
    const params = new URL(a.url).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toBe(pkceChallenge(a.codeVerifier ?? ''));
    expect(params.get('scope')).toBe('api');
  });
});
