import type { Menu, MenuProduct } from '@tabline/pos';

/** A product with the number the terminal shows beside it. */
export interface MenuEntry extends MenuProduct {
  readonly number: number;
  readonly category: string | null;
}

/** The menu flattened in display order and numbered from 1. */
export function menuEntries(menu: Menu): MenuEntry[] {
  const entries: MenuEntry[] = [];
  for (const category of menu.categories) {
    for (const product of category.products) {
      entries.push({ ...product, number: entries.length + 1, category: category.name });
    }
  }
  for (const product of menu.uncategorized) {
    entries.push({ ...product, number: entries.length + 1, category: null });
  }
  return entries;
}
