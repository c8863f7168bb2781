/**
 * Where the SMS provider (Twilio) calls Tabline back. These are webhooks,
 * not API for clients: form-encoded POSTs signed with `X-Twilio-Signature`.
 */

/** A message's status callback; the path names the message, so even a send whose answer was lost is settled by it. */
export const SMS_STATUS_CALLBACK_PATH = '/v1/sms/status/:smsId';

/** Incoming messages to the sender number (configured as its webhook): STOP and START replies. */
export const SMS_INBOUND_PATH = '/v1/sms/inbound';

export function smsStatusCallbackPath(smsId: string): string {
  return SMS_STATUS_CALLBACK_PATH.replace(':smsId', encodeURIComponent(smsId));
}
