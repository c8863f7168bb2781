import { describe, expect, it } from 'vitest';
import type { MenuEntry } from '../src/terminal-pos/menu-entries.ts';
import { parseOrderLine } from '../src/terminal-pos/parse-order-line.ts';

const menu: MenuEntry[] = [
  { id: 'p-lager', name: 'Lager', priceCents: 650, number: 1, category: 'Drinks' },
  { id: 'p-light', name: 'Light lager', priceCents: 600, number: 2, category: 'Drinks' },
  { id: 'p-soft', name: 'Soft drink', priceCents: 300, number: 3, category: 'Drinks' },
  { id: 'p-nachos', name: 'Nachos', priceCents: 900, number: 4, category: 'Food' },
];

describe('an order line at the terminal POS', () => {
  it('names items by number or name, with quantities, adding up repeats', () => {
    expect(parseOrderLine(['TL0001', 'lager:2', 'soft-drink', '4', 'Lager'], menu)).toEqual({
      ok: true,
      value: {
        wristbandUid: 'TL0001',
        items: [
          { productId: 'p-lager', quantity: 3 },
          { productId: 'p-soft', quantity: 1 },
          { productId: 'p-nachos', quantity: 1 },
        ],
      },
    });
  });

  it('prefers an exact name and accepts a unique prefix', () => {
    expect(parseOrderLine(['TL0001', 'nach'], menu)).toMatchObject({
      value: { items: [{ productId: 'p-nachos' }] },
    });
  });

  it('explains what is wrong instead of guessing', () => {
    expect(parseOrderLine(['TL0001'], menu)).toMatchObject({ ok: false, error: /Usage/ });
    expect(parseOrderLine(['TL0001', 'l'], menu)).toMatchObject({
      error: '"l" could be Lager or Light lager.',
    });
    expect(parseOrderLine(['TL0001', 'lager:0'], menu)).toMatchObject({ error: /not a quantity/ });
    expect(parseOrderLine(['TL0001', '9'], menu)).toMatchObject({
      error: 'No item number 9 on the menu.',
    });
  });
});
