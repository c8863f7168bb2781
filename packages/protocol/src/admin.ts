/**
 * Schemas of the staff-facing admin API: events, locations, the menu,
 * promotions, attendees and wristbands, staff and devices, orders with
 * their voids and refunds and their reviews, the event's sales, tabs, job
 * queues, text messages and exports: what the organiser's dashboard reads.
 */
export * from './admin/admin-limits.ts';
export * from './admin/admin-schema-parts.ts';
export * from './admin/attendee-admin.ts';
export * from './admin/device-admin.ts';
export * from './admin/event-admin.ts';
export * from './admin/export-admin.ts';
export * from './admin/location-admin.ts';
export * from './admin/menu-admin.ts';
export * from './admin/promotion-admin.ts';
export * from './admin/staff-admin.ts';
export * from './admin/wristband-admin.ts';
export * from './admin/order-admin.ts';
export * from './admin/order-list-admin.ts';
export * from './admin/dead-letter-admin.ts';
export * from './admin/queue-admin.ts';
export * from './admin/sales-admin.ts';
export * from './admin/sms-admin.ts';
export * from './admin/tab-admin.ts';
