import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestHash } from '../src/ingest/request-hash.ts';

/** Canonical JSON the plain way, written piece by piece: what the hash must be of. */
function reference(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
  return `{${fields.join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const ITEM = {
  kind: 'order.place',
  idempotencyKey: '0191a000-0000-7000-8000-000000000001',
  deviceSeq: 7,
  payload: {
    orderId: '0191a000-0000-7000-8000-000000000002',
    wristbandUid: 'TL0001',
    locationId: null,
    currency: 'EUR',
    items: [
      {
        productId: '0191a000-0000-7000-8000-000000000003',
        productName: 'Crème brûlée ☕',
        unitPriceCents: 650,
        quantity: 2,
        categoryId: null,
        discountCents: 0,
        promotionIds: [],
      },
    ],
    totalCents: 1300,
    placedAt: '2026-11-24T21:59:00.000Z',
    catalogVersion: 12,
  },
};

describe('the fingerprint of a work item', () => {
  it('never changes for the same content: stored keys are compared with it for as long as an event lasts', () => {
    expect(requestHash(ITEM)).toBe(
      '3222ed7950517096d50728abb8c0e6362180e1a679c6e77d7b9f740121ec0199',
    );
  });

  it('does not depend on the order of fields, and does depend on every value', () => {
    const reordered = Object.fromEntries(Object.entries(ITEM).reverse());
    expect(requestHash(reordered)).toBe(requestHash(ITEM));
    expect(requestHash({ ...ITEM, deviceSeq: 8 })).not.toBe(requestHash(ITEM));
    expect(requestHash({ ...ITEM, extra: undefined })).toBe(requestHash(ITEM));
  });

  it('is the hash of the canonical JSON of any JSON value (fast-check prints the seed of a failure)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(requestHash(value)).toBe(sha256(reference(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes integer-like keys and __proto__ in sorted order like any other key', () => {
    const value: unknown = JSON.parse('{"b":{"10":1,"9":2,"a":[{"__proto__":3,"2":4}]},"1":5}');
    expect(reference(value)).toBe('{"1":5,"b":{"10":1,"9":2,"a":[{"2":4,"__proto__":3}]}}');
    expect(requestHash(value)).toBe(sha256(reference(value)));
  });
});
