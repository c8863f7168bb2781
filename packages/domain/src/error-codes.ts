/**
 * Every error code Tabline answers with, in one place. Codes are stable
 * strings, `area.reason`; clients branch on them, people read the message.
 * `docs/ERRORS.md` is generated from this table (`npm run docs:errors`) and a
 * test keeps the two in step.
 *
 * `httpStatus` is the status of a whole-request error (an RFC 9457 problem
 * response). Codes with `item: true` can also be the outcome of one work item
 * inside a sync push, whose response is 200 with a result per item.
 */
export const ERROR_CODES = {
  // Whole requests
  'push.empty': {
    httpStatus: 400,
    description: 'A push needs work items, a heartbeat, or both.',
  },
  'request.invalid': {
    httpStatus: 400,
    description: 'The body, path or query does not match the schema; `errors` says where.',
  },
  'request.too_large': { httpStatus: 413, description: 'The body exceeds the size limit.' },
  'request.unsupported_media_type': {
    httpStatus: 415,
    description: 'The body is not `application/json`.',
  },
  'route.not_found': { httpStatus: 404, description: 'No such endpoint.' },
  'auth.token_missing': {
    httpStatus: 401,
    description: 'No `Authorization: Bearer <token>` header.',
  },
  'auth.token_invalid': {
    httpStatus: 401,
    description: 'The token is unknown, expired or revoked. Pair the device again.',
  },
  'auth.forbidden': {
    httpStatus: 403,
    description:
      "The caller's role does not allow this action (a cashier voiding, a manager managing staff).",
  },
  'auth.credentials_invalid': {
    httpStatus: 401,
    description:
      'The email and password do not match an active account. (The answer is the same whichever was wrong.)',
  },
  'auth.throttled': {
    httpStatus: 429,
    description:
      'Too many failed sign-ins or pairings from this address or for this account; retry after `Retry-After`.',
  },
  'pairing.code_invalid': {
    httpStatus: 401,
    description:
      'The pairing code is unknown, expired or already used. Ask a manager for a new one.',
  },
  'device.name_taken': {
    httpStatus: 409,
    description: 'The event already has a device, or a pending pairing code, with this name.',
  },
  'resource.not_found': {
    httpStatus: 404,
    description:
      "No such resource among the caller's: another organisation's data is answered as if it did not exist.",
  },
  'order.not_flagged': {
    httpStatus: 409,
    description: 'The order has no flags: there is nothing to review.',
  },
  'idempotency.key_missing': {
    httpStatus: 400,
    description:
      'The request needs an `Idempotency-Key` header (a UUID made by the client, one per operation).',
  },
  'idempotency.in_flight': {
    httpStatus: 409,
    description:
      'A request with the same idempotency key is still being processed. Retry after `Retry-After` to get its result.',
  },
  'request.rate_limited': {
    httpStatus: 429,
    description:
      'Too many requests from this device or this address (limits in docs/LIMITS.md); retry after `Retry-After`. Nothing was done.',
  },
  'server.overloaded': {
    httpStatus: 429,
    description:
      'The server is shedding load (database queue, event loop or memory past its limit); retry after `Retry-After`. Nothing was done. Sync pushes are shed last.',
  },
  'server.unavailable': {
    httpStatus: 503,
    description:
      'The server or its database is temporarily unavailable, or this server is shutting down; retry after `Retry-After`. Nothing was committed, or the retry gets the stored outcome.',
  },
  'server.internal': {
    httpStatus: 500,
    description: 'An unexpected error. Nothing was committed; retrying with the same keys is safe.',
  },

  // Outcomes of one work item in a sync push
  'idempotency.key_reused': {
    httpStatus: 422,
    item: true,
    description:
      'This idempotency key was already used by this device (or member of staff) for a different payload. The stored outcome of the first use stands.',
  },
  'order.id_conflict': {
    httpStatus: 422,
    item: true,
    description: 'Another order already has this order id.',
  },
  'order.currency_mismatch': {
    httpStatus: 422,
    item: true,
    description: "The order's currency is not the event's currency.",
  },
  'order.discount_invalid': {
    httpStatus: 422,
    item: true,
    description: 'An item is discounted by more than it costs.',
  },
  'order.total_mismatch': {
    httpStatus: 422,
    item: true,
    description: "The order's total is not the sum of its items less their discounts.",
  },
  'location.unknown': {
    httpStatus: 422,
    item: true,
    description: 'The location does not belong to this event.',
  },
  'adjustment.order_unknown': {
    httpStatus: 404,
    item: true,
    description:
      "The void or refund names an order that is not this event's, or that the server never accepted.",
  },
  'adjustment.order_voided': {
    httpStatus: 409,
    item: true,
    description: 'The order was voided already: nothing is left to void or refund.',
  },
  'adjustment.exceeds_order': {
    httpStatus: 409,
    item: true,
    description:
      'The refund is more than what is left of the order after its earlier refunds. Nothing was refunded.',
  },
  'adjustment.id_conflict': {
    httpStatus: 422,
    item: true,
    description: 'Another void or refund already has this adjustment id.',
  },
  'approval.invalid': {
    httpStatus: 403,
    item: true,
    description:
      "The manager's approval does not check out: an unknown PIN key, a proof that does not match the adjustment, or a PIN that was changed before the adjustment was made.",
  },
  'approval.not_manager': {
    httpStatus: 403,
    item: true,
    description:
      'The approving member of staff is not (or no longer) an active manager or owner of this event.',
  },

  // Refusals of the POS engine, before anything is stored
  'order.empty': { httpStatus: 400, description: 'An order needs at least one item.' },
  'order.too_many_items': {
    httpStatus: 400,
    description: 'The order holds more items than ORDER_ITEMS_MAX.',
  },
  'order.quantity_invalid': {
    httpStatus: 400,
    description: 'A quantity is not a whole number from 1 to ORDER_ITEM_QUANTITY_MAX.',
  },
  'order.total_too_large': {
    httpStatus: 400,
    description: 'The order total exceeds ORDER_TOTAL_CENTS_MAX.',
  },
  'order.unknown_product': {
    httpStatus: 400,
    description: 'A product is not in the catalog this POS holds.',
  },
  'catalog.missing': {
    httpStatus: 409,
    description: 'The POS has no catalog yet; it needs one pull while online.',
  },
  'sms.signature_invalid': {
    httpStatus: 403,
    description:
      'A webhook from the SMS provider (status callback, incoming message) has no valid `X-Twilio-Signature`; nothing was changed.',
  },
  'sms.unknown': {
    httpStatus: 404,
    description: 'A status callback names a text message Tabline never recorded.',
  },
  'wristband.blocked': {
    httpStatus: 403,
    description: 'The wristband is blocked (reported lost): the POS refuses to sell to it.',
  },
  'wristband.offline_limit': {
    httpStatus: 402,
    description:
      "The order would take the wristband's unconfirmed spending on this POS past the event's offline limit (or the band's tab limit).",
  },
  'approval.pin_wrong': {
    httpStatus: 403,
    description:
      "The PIN is not the chosen manager's, or that manager cannot approve on this POS (not in its last pull). Nothing was queued.",
  },
  'approval.locked': {
    httpStatus: 429,
    description:
      'PIN_ATTEMPTS_BEFORE_LOCKOUT wrong PINs in a row on this POS, for any managers: no PIN is checked until the time the message gives. Nothing was queued.',
  },
  'adjustment.invalid': {
    httpStatus: 400,
    description:
      'The void or refund is malformed: no reason or one longer than ADJUSTMENT_REASON_LENGTH_MAX, or an amount that is not a whole number of cents from 1 to the order total.',
  },
  'wristband.invalid': {
    httpStatus: 400,
    description: 'The wristband code is not 4 to 32 letters and digits.',
  },
  'storage.failed': {
    httpStatus: 503,
    description:
      "The device's local database or journal failed (storage full, read-only, I/O error, locked by another process, damaged). Nothing was changed: an order being placed was not taken.",
  },
  'pos.unsynced_work': {
    httpStatus: 409,
    description:
      'Work items still wait for the server: resetting, signing out or erasing the POS is refused. Sync first, or force it with an export of the backlog.',
  },
  'pos.export_failed': {
    httpStatus: 507,
    description:
      'The backlog export a forced reset, sign-out or erase writes first could not be written, so nothing was done.',
  },
  'pos.busy': {
    httpStatus: 409,
    description:
      'A sync or a pull is running: resetting, signing out or erasing the POS waits until it ends.',
  },

  // Refusals of admin input
  'promotion.invalid': {
    httpStatus: 400,
    description:
      'The promotion is malformed or out of range (benefit, window, tiers, target, validity or cap); `errors` says where.',
  },
  'promotion.too_many': {
    httpStatus: 409,
    description: 'The event already has PROMOTIONS_PER_EVENT_MAX promotions.',
  },
  'location.name_taken': {
    httpStatus: 409,
    description:
      'The event already has a location with this name (compared without regard to case).',
  },
  'category.name_taken': {
    httpStatus: 409,
    description:
      'An active category of the event already has this name (compared without regard to case).',
  },
  'product.name_taken': {
    httpStatus: 409,
    description:
      'An active product of the event already has this name (compared without regard to case). Archive the other one first, or choose another name.',
  },
  'wristband.taken': {
    httpStatus: 409,
    description:
      'The wristband code was already issued at this event (to this attendee or another). A band is never reissued: block it and issue a new one.',
  },
  'wristband.too_many': {
    httpStatus: 409,
    description: 'The attendee already holds WRISTBANDS_PER_ATTENDEE_MAX wristbands.',
  },
  'staff.email_taken': {
    httpStatus: 409,
    description: 'A staff account with this email address already exists.',
  },
  'staff.last_owner': {
    httpStatus: 409,
    description:
      'The change would leave the organisation without an active organisation-wide owner: make someone else owner first.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export interface ErrorCodeInfo {
  readonly httpStatus: number;
  readonly description: string;
  readonly item?: true;
}

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure: a stable code for programs and a message for people. */
export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
}

export function failure(code: ErrorCode, message: string): Failure {
  return { code, message };
}

/** Whether `code` is one of the documented codes (for codes read back from storage). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
