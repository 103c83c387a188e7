import { describe, expect, it } from 'vitest';
import { Redactor } from '../logging/redact.ts';
import { RequestSecrets } from './request-secrets.ts';

describe('RequestSecrets', () => {
  it('scrubs a whole credential value and its token part', () => {
    const secrets = new RequestSecrets();
    secrets.addValue('Bearer tok-1234567890');
    expect(secrets.text('got Bearer tok-1234567890')).toBe('got [REDACTED]');
    expect(secrets.text('token tok-1234567890 expired')).toBe('token [REDACTED] expired');
    expect(secrets.text('Bearer scheme required')).toBe('Bearer scheme required');
  });

  it('scrubs each quoted part of an OAuth 1.0a header', () => {
    const secrets = new RequestSecrets();
    secrets.addValue('OAuth oauth_consumer_key="ck-abcdefgh", oauth_signature="sig%2Fxyz12345"');
    expect(secrets.text('key ck-abcdefgh, sig sig%2Fxyz12345')).toBe('key [REDACTED], sig [REDACTED]');
  });

  it('scrubs query values only under secret-looking names', () => {
    const secrets = new RequestSecrets();
    secrets.addQuery({ apikey: 'qk-98765432', symbol: 'AAPLXYZW', limit: 5, skip: undefined });
    expect(secrets.text('apikey qk-98765432 for AAPLXYZW')).toBe('apikey [REDACTED] for AAPLXYZW');
  });

  it('applies its own secrets, then the client redactor', () => {
    const secrets = new RequestSecrets();
    secrets.addValue('per-request-secret');
    const both = secrets.over(new Redactor(['client-wide-secret']));
    expect(both.text('per-request-secret client-wide-secret')).toBe('[REDACTED] [REDACTED]');
  });
});
