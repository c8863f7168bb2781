import type { Result } from '@tabline/domain';
import type { MenuEntry } from './menu-entries.ts';

export interface ParsedOrder {
  readonly wristbandUid: string;
  readonly items: { productId: string; quantity: number }[];
}

/**
 * Reads `order <wristband> <item>[:<qty>] …`, where an item is its number on
 * the menu or the start of its name (spaces written as dashes): `order TL0001
 * lager:2 soft-drink 6`. The same product named twice adds up.
 */
export function parseOrderLine(
  args: readonly string[],
  menu: readonly MenuEntry[],
): Result<ParsedOrder, string> {
  const [wristbandUid, ...itemTokens] = args;
  if (wristbandUid === undefined || itemTokens.length === 0) {
    return {
      ok: false,
      error: 'Usage: order <wristband> <item>[:<qty>] … (e.g. order TL0001 lager:2 nachos)',
    };
  }
  const quantities = new Map<string, number>();
  for (const token of itemTokens) {
    const item = parseItemToken(token, menu);
    if (!item.ok) return item;
    quantities.set(
      item.value.productId,
      (quantities.get(item.value.productId) ?? 0) + item.value.quantity,
    );
  }
  const items = [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
  return { ok: true, value: { wristbandUid, items } };
}

function parseItemToken(
  token: string,
  menu: readonly MenuEntry[],
): Result<{ productId: string; quantity: number }, string> {
  const [ref = '', quantityText = '1'] = token.split(':');
  const quantity = Number(quantityText);
  if (!Number.isInteger(quantity) || quantity < 1) {
    return { ok: false, error: `"${quantityText}" is not a quantity (in ${token}).` };
  }
  const product = findProduct(ref, menu);
  if (!product.ok) return product;
  return { ok: true, value: { productId: product.value.id, quantity } };
}

function findProduct(ref: string, menu: readonly MenuEntry[]): Result<MenuEntry, string> {
  if (/^\d+$/.test(ref)) {
    const entry = menu.find((candidate) => candidate.number === Number(ref));
    return entry
      ? { ok: true, value: entry }
      : { ok: false, error: `No item number ${ref} on the menu.` };
  }
  const wanted = ref.toLowerCase().replace(/-/g, ' ');
  const exact = menu.filter((entry) => entry.name.toLowerCase() === wanted);
  const matches =
    exact.length > 0 ? exact : menu.filter((entry) => entry.name.toLowerCase().startsWith(wanted));
  if (matches.length === 1) return { ok: true, value: matches[0]! };
  if (matches.length === 0) return { ok: false, error: `Nothing on the menu called "${ref}".` };
  return { ok: false, error: `"${ref}" could be ${matches.map((m) => m.name).join(' or ')}.` };
}
