import Type from 'typebox';
import type { Static } from 'typebox';
import { UNIT_PRICE_CENTS_MAX } from '@tabline/domain';
import { Id, Name } from '../schema-parts.ts';
import { MENU_POSITION_MAX } from './admin-limits.ts';
import { NameInput, Page } from './admin-schema-parts.ts';

/**
 * Schemas of the menu: categories and products. Neither is ever deleted:
 * one taken off the menu is archived (`active: false`), so orders already
 * placed keep their name and price.
 */

const Position = Type.Integer({
  minimum: 0,
  maximum: MENU_POSITION_MAX,
  description: 'Order on the menu, lowest first.',
});

const PriceCents = Type.Integer({
  minimum: 0,
  maximum: UNIT_PRICE_CENTS_MAX,
  description: 'The unit price in minor units of the event currency.',
});

export const CreateCategoryRequest = Type.Object(
  { name: NameInput, position: Type.Optional(Position) },
  { additionalProperties: false },
);
export type CreateCategoryRequest = Static<typeof CreateCategoryRequest>;

/** `active: false` archives the category (its products leave the menu with it). */
export const UpdateCategoryRequest = Type.Object(
  {
    name: Type.Optional(NameInput),
    position: Type.Optional(Position),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCategoryRequest = Static<typeof UpdateCategoryRequest>;

export const CategoryDetails = Type.Object(
  { id: Id, name: Name, position: Type.Integer(), active: Type.Boolean() },
  { additionalProperties: false },
);
export type CategoryDetails = Static<typeof CategoryDetails>;

export const CategoryPage = Page(CategoryDetails);
export type CategoryPage = Static<typeof CategoryPage>;

export const CategoryParams = Type.Object(
  { eventId: Id, categoryId: Id },
  { additionalProperties: false },
);

export const CreateProductRequest = Type.Object(
  {
    name: NameInput,
    priceCents: PriceCents,
    categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);
export type CreateProductRequest = Static<typeof CreateProductRequest>;

/** `active: false` archives the product: devices stop offering it. */
export const UpdateProductRequest = Type.Object(
  {
    name: Type.Optional(NameInput),
    priceCents: Type.Optional(PriceCents),
    categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
    position: Type.Optional(Position),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductRequest = Static<typeof UpdateProductRequest>;

export const ProductDetails = Type.Object(
  {
    id: Id,
    categoryId: Type.Union([Id, Type.Null()]),
    name: Name,
    priceCents: Type.Integer({ minimum: 0 }),
    position: Type.Integer(),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ProductDetails = Static<typeof ProductDetails>;

export const ProductPage = Page(ProductDetails);
export type ProductPage = Static<typeof ProductPage>;

export const ProductParams = Type.Object(
  { eventId: Id, productId: Id },
  { additionalProperties: false },
);
