import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CategoryDetails,
  CategoryPage,
  CategoryParams,
  CreateCategoryRequest,
  CreateHeaders,
  CreateProductRequest,
  EventParams,
  PageQuery,
  ProductDetails,
  ProductPage,
  ProductParams,
  UpdateCategoryRequest,
  UpdateProductRequest,
} from '@tabline/protocol';
import { eventOf, requireEventRole, staffSecurity } from '../../auth/staff-auth.ts';
import {
  listCategories,
  listProducts,
  readCategory,
  readProduct,
} from '../../admin/menu/read-menu.ts';
import { saveCategory } from '../../admin/menu/save-category.ts';
import { saveProduct } from '../../admin/menu/save-product.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const CATEGORIES_PATH = '/v1/events/:eventId/categories';
const PRODUCTS_PATH = '/v1/events/:eventId/products';

/**
 * The menu: owners create, change and archive (`active: false`) categories
 * and products; managers read them. Devices get every change on their next
 * pull.
 */
export function registerMenuRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['menu'];

  api.get(
    CATEGORIES_PATH,
    {
      onRequest: requireEventRole(db, 'manager'),
      schema: {
        summary: "List the event's categories, archived ones too (manager)",
        tags,
        security: staffSecurity('manager'),
        params: EventParams,
        querystring: PageQuery,
        response: { 200: CategoryPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listCategories(db, eventOf(request).eventId, readPageQuery(request.query)),
  );

  api.post(
    CATEGORIES_PATH,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Create a category (owner)',
        tags,
        security: staffSecurity('owner'),
        params: EventParams,
        headers: CreateHeaders,
        body: CreateCategoryRequest,
        response: { 201: CategoryDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      const { eventId } = eventOf(request);
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: (tx, id) =>
          saveCategory(tx, { id, eventId }, { kind: 'create', request: request.body }),
        read: (client, id) => readCategory(client, { id, eventId }),
      });
    },
  );

  api.patch(
    `${CATEGORIES_PATH}/:categoryId`,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Change, archive (active: false) or restore a category (owner)',
        tags,
        security: staffSecurity('owner'),
        params: CategoryParams,
        body: UpdateCategoryRequest,
        response: { 200: CategoryDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      db.transaction((tx) =>
        saveCategory(
          tx,
          { id: request.params.categoryId, eventId: eventOf(request).eventId },
          { kind: 'update', request: request.body },
        ),
      ),
  );

  api.get(
    PRODUCTS_PATH,
    {
      onRequest: requireEventRole(db, 'manager'),
      schema: {
        summary: "List the event's products, archived ones too (manager)",
        tags,
        security: staffSecurity('manager'),
        params: EventParams,
        querystring: PageQuery,
        response: { 200: ProductPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listProducts(db, eventOf(request).eventId, readPageQuery(request.query)),
  );

  api.post(
    PRODUCTS_PATH,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Create a product (owner)',
        tags,
        security: staffSecurity('owner'),
        params: EventParams,
        headers: CreateHeaders,
        body: CreateProductRequest,
        response: { 201: ProductDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      const { eventId } = eventOf(request);
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: (tx, id) =>
          saveProduct(tx, { id, eventId }, { kind: 'create', request: request.body }),
        read: (client, id) => readProduct(client, { id, eventId }),
      });
    },
  );

  api.patch(
    `${PRODUCTS_PATH}/:productId`,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Change, reprice, archive (active: false) or restore a product (owner)',
        tags,
        security: staffSecurity('owner'),
        params: ProductParams,
        body: UpdateProductRequest,
        response: { 200: ProductDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      db.transaction((tx) =>
        saveProduct(
          tx,
          { id: request.params.productId, eventId: eventOf(request).eventId },
          { kind: 'update', request: request.body },
        ),
      ),
  );
}
