import type { FastifyInstance } from 'fastify';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';
import { registerAttendeeRoutes } from './attendee-routes.ts';
import { registerDeadLetterRoutes } from './dead-letter-routes.ts';
import { registerDeviceRoutes } from './device-routes.ts';
import { registerEventRoutes } from './event-routes.ts';
import { registerExportRoutes } from './export-routes.ts';
import { registerLocationRoutes } from './location-routes.ts';
import { registerMenuRoutes } from './menu-routes.ts';
import { registerOrderRoutes } from './order-routes.ts';
import { registerPromotionRoutes } from './promotion-routes.ts';
import { registerQueueRoutes } from './queue-routes.ts';
import { registerSalesRoutes } from './sales-routes.ts';
import { registerSmsRoutes } from './sms-routes.ts';
import { registerStaffRoutes } from './staff-routes.ts';
import { registerTabRoutes } from './tab-routes.ts';
import { registerWristbandRoutes } from './wristband-routes.ts';

/**
 * The staff-facing admin API. Every route checks the caller's role before
 * the body is read (owner of the organisation for events and staff, a role
 * for the event otherwise), declares it in its OpenAPI `security`, scopes
 * every query by the caller's organisation and event, and runs each write in
 * one transaction.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  registerEventRoutes(app, deps);
  registerLocationRoutes(app, deps);
  registerMenuRoutes(app, deps);
  registerPromotionRoutes(app, deps);
  registerAttendeeRoutes(app, deps);
  registerWristbandRoutes(app, deps);
  registerStaffRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerDeadLetterRoutes(app, deps);
  registerQueueRoutes(app, deps);
  registerSalesRoutes(app, deps);
  registerTabRoutes(app, deps);
  registerSmsRoutes(app, deps);
  registerExportRoutes(app, deps);
}
