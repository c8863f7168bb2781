export * from './limits.ts';
export * from './order-payload.ts';
export * from './problem.ts';
export * from './pull.ts';
export * from './push.ts';
export * from './schema-parts.ts';
export * from './work-item.ts';
