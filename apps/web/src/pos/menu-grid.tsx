import { useState } from 'react';
import type { Promotion } from '@tabline/domain';
import type { Menu, MenuProduct } from '@tabline/pos';
import { money } from './format.ts';

/**
 * The menu by category, as big buttons: one tap adds one. Promotions that
 * apply now are named on the products they touch.
 */
export function MenuGrid({
  menu,
  promotions,
  onAdd,
}: {
  menu: Menu;
  promotions: readonly Promotion[];
  onAdd: (product: MenuProduct) => void;
}) {
  const sections = [
    ...menu.categories,
    ...(menu.uncategorized.length > 0
      ? [{ id: 'other', name: 'Other', products: menu.uncategorized }]
      : []),
  ];
  const [chosen, setChosen] = useState<string | null>(null);
  const current = sections.find((section) => section.id === chosen) ?? sections[0];
  if (current === undefined) {
    return (
      <section className="menu empty">
        <p>No menu yet: connect this tablet to the network once to fetch it.</p>
      </section>
    );
  }
  const promotionsOf = (product: MenuProduct, categoryId: string) =>
    promotions.filter((promotion) => targets(promotion, product.id, categoryId));
  return (
    <section className="menu" aria-label="Menu">
      <div className="tabs" role="tablist" aria-label="Categories">
        {sections.map((section) => (
          <button
            key={section.id}
            role="tab"
            type="button"
            aria-selected={section.id === current.id}
            className={section.id === current.id ? 'tab active' : 'tab'}
            onClick={() => setChosen(section.id)}
          >
            {section.name}
          </button>
        ))}
      </div>
      <div className="product-grid" role="tabpanel" aria-label={current.name}>
        {current.products.map((product) => {
          const deals = promotionsOf(product, current.id);
          return (
            <button
              key={product.id}
              type="button"
              className="product"
              onClick={() => onAdd(product)}
            >
              <span className="product-name">{product.name}</span>
              <span className="product-price">{money(product.priceCents, menu.currency)}</span>
              {deals.map((deal) => (
                <span key={deal.id} className="promo-badge">
                  {deal.name}
                </span>
              ))}
            </button>
          );
        })}
      </div>
    </section>
  );
}

function targets(promotion: Promotion, productId: string, categoryId: string): boolean {
  const target = promotion.target;
  switch (target.kind) {
    case 'all':
      return true;
    case 'products':
      return target.productIds.includes(productId);
    case 'categories':
      return target.categoryIds.includes(categoryId);
  }
}
