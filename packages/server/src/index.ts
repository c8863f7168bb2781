export * from './auth/authenticated-device.ts';
export * from './auth/bearer-token.ts';
export * from './create-server.ts';
export * from './server-options.ts';
export * from './transient-database-error.ts';
export * from './admin/index.ts';
export * from './demo/demo-event.ts';
export * from './demo/seed-demo.ts';
