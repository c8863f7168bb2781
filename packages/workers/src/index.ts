export * from './order-processor/process-order.ts';
export * from './order-processor/process-orders-job.ts';
export * from './sms/send-sms.ts';
export * from './sms/sms-provider.ts';
export * from './sms/twilio-sms-provider.ts';
export * from './start-workers.ts';
export * from './reconciliation/reconcile-tabs.ts';
