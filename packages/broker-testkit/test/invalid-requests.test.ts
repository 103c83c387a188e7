// The invalid requests BC-22 sends are invalid by core's own rules, with the field it expects; the
// probes BC-23 sends are valid requests that only the capabilities refuse.
import { assertSupported, InvalidOrderError, NotSupportedError, OrderClass, OrderType, parseOrderRequest, TimeInForce, type Capabilities } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { probeRequest } from '../src/cases/refusals.ts';
import { createConformanceContext, invalidRequests, missingFeatures, type Feature } from '../src/index.ts';
import { referenceWith, SMALL_CAPABILITIES } from './reference/harness.ts';
import { FULL_CAPABILITIES } from './reference/reference-broker.ts';

const small: Capabilities = { ...FULL_CAPABILITIES, ...SMALL_CAPABILITIES };

describe('invalidRequests', () => {
  it.each([['every capability', FULL_CAPABILITIES], ['market and limit only', small]] as const)('are refused by parseOrderRequest with the expected field (%s)', (_name, caps) => {
    const requests = invalidRequests(caps, 'AAPL', 180, 'day');
    expect(requests.length).toBeGreaterThan(15);
    for (const { label, request, fields } of requests) {
      let error: unknown;
      try {
        parseOrderRequest(request, { clientOrderId: caps.clientOrderId });
      } catch (e) {
        error = e;
      }
      expect(error, label).toBeInstanceOf(InvalidOrderError);
      expect(fields, label).toContain((error as InvalidOrderError).field);
    }
  });
});

describe('missingFeatures', () => {
  it('lists what the capabilities leave out, nothing for a broker with everything', () => {
    expect(missingFeatures(FULL_CAPABILITIES)).toEqual([]);
    expect(missingFeatures(small)).toEqual([
      'orderTypes:stop', 'orderTypes:stop_limit', 'orderTypes:trailing_stop', 'timeInForce:ioc', 'timeInForce:fok', 'timeInForce:opg', 'timeInForce:cls',
      'orderClasses:bracket', 'orderClasses:oco', 'orderClasses:oto', 'notional', 'extendedHours', 'fractional', 'replace',
    ]);
    expect(missingFeatures({ ...FULL_CAPABILITIES, trailPrice: false })).toEqual(['trailPrice']);
  });

  it('every probe for a missing feature is a valid request that assertSupported refuses', () => {
    const ctx = createConformanceContext(referenceWith({ capabilities: SMALL_CAPABILITIES }), { caseId: 'BC-23' });
    for (const feature of missingFeatures(small).filter((f) => f !== 'replace')) {
      const req = parseOrderRequest(probeRequest(ctx, feature, 180), { clientOrderId: small.clientOrderId });
      expect(() => assertSupported(req, small, 'small'), feature).toThrow(NotSupportedError);
    }
    ctx.dispose();
  });

  it('each probe needs only its feature: a broker lacking just that one names it', () => {
    const all = [...OrderType.options.map((t) => `orderTypes:${t}`), ...TimeInForce.options.map((t) => `timeInForce:${t}`),
      ...OrderClass.options.map((c) => `orderClasses:${c}`), 'notional', 'extendedHours', 'fractional', 'trailPercent', 'trailPrice'] as Feature[];
    for (const feature of all) {
      const [kind, value] = feature.split(':') as [keyof Capabilities, string | undefined];
      const caps: Capabilities = value === undefined
        ? { ...FULL_CAPABILITIES, [kind]: false }
        : { ...FULL_CAPABILITIES, [kind]: (FULL_CAPABILITIES[kind] as string[]).filter((v) => v !== value) };
      expect(missingFeatures(caps), feature).toEqual([feature]);
      const ctx = createConformanceContext(referenceWith({ capabilities: caps }), { caseId: 'BC-23' });
      const req = parseOrderRequest(probeRequest(ctx, feature as Exclude<Feature, 'replace'>, 180), { clientOrderId: caps.clientOrderId });
      let error: unknown;
      try {
        assertSupported(req, caps, 'one-short');
      } catch (e) {
        error = e;
      }
      expect(error, feature).toBeInstanceOf(NotSupportedError);
      expect((error as NotSupportedError).capability, feature).toBe(kind);
      ctx.dispose();
    }
  });
});
