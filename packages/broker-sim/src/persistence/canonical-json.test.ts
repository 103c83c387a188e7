import { Decimal } from '@invest/broker-core';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { migrateState } from './migrate.ts';

test('one spelling per value: keys sorted at every depth, undefined left out, Decimals as strings', () => {
  expect(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: undefined }, e: Decimal.from('1.25') })).toBe('{"a":{"d":[1,null,"x"]},"b":1,"e":"1.25"}');
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const text = canonicalJson(v);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    }),
  );
});

test('refuses what JSON cannot hold', () => {
  expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a is NaN/);
  expect(() => canonicalJson({ a: new Map() })).toThrow(/\$\.a is a Map/);
});

test('state versions: current passes, newer and unversioned files are refused', () => {
  expect(migrateState({ version: 1, x: 1 })).toEqual({ version: 1, x: 1 });
  expect(() => migrateState({ version: 2 }, 'paper.json')).toThrow(/paper.json was written by a newer/);
  expect(() => migrateState({}, 'paper.json')).toThrow(/no valid version/);
  expect(() => migrateState([], 'paper.json')).toThrow(/not an object/);
});
