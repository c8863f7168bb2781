/**
 * A void or a refund, approved at the counter by a manager's PIN, with no
 * network: checked against what this device knows of the order, signed with
 * the manager's PIN key, and queued as a work item of its own (`order.adjust`)
 * behind the order it adjusts, durable twice like an order.
 *
 * Deriving the PIN key (PBKDF2, tens of milliseconds) and signing are
 * asynchronous (WebCrypto), so they run first, outside any transaction; the
 * order and the approver are checked again inside the one transaction that
 * stores the adjustment and its work item, since a sync, a pull or another
 * adjustment may have run meanwhile. The PIN goes through the engine's PIN
 * gate (`pin-lockout/`), which counts wrong PINs and locks approvals.
 */
import type { ApprovedFields, Failure, PinVerifier, Result } from '@tabline/domain';
import { approvalProof, assert, err, failure, formatMoney, newId, ok } from '@tabline/domain';
import { AdjustOrderWorkItem } from '@tabline/protocol';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import { matchesSchema } from '../check-schema.ts';
import { describeSchemaMismatch } from '../describe-schema-mismatch.ts';
import { inTransaction } from '../in-transaction.ts';
import { ADJUSTMENTS } from '../integrity/sealed-tables.ts';
import type { QueuedRecord } from '../journal/journal-record.ts';
import { journalOrWithdraw } from '../journal/journal-or-withdraw.ts';
import type { PinGate, UnlockedPinKey } from '../pin-lockout/pin-gate.ts';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { adjustmentRow } from '../store/adjustment-row.ts';
import { findApprover } from '../store/find-approver.ts';
import { insertOutboxItem } from '../store/insert-outbox-item.ts';
import { insertSealedRow } from '../store/insert-sealed-row.ts';
import { nextDeviceSeq } from '../store/next-device-seq.ts';
import { readOrderStanding } from '../store/read-order-standing.ts';
import { recordCommit } from '../store/record-commit.ts';
import type { AdjustOrderInput, PlacedAdjustment } from './adjust-order-input.ts';
import { buildAdjustOrderWorkItem } from './build-adjust-order-work-item.ts';
import type { AdjustmentRequest } from './check-adjustment-input.ts';
import { checkAdjustmentInput } from './check-adjustment-input.ts';

/**
 * Checks, approves, stores and journals a void or a refund. Every refusal
 * is a value and leaves nothing behind: `adjustment.invalid`,
 * `adjustment.order_unknown`, `adjustment.order_voided`,
 * `adjustment.exceeds_order`, `approval.locked`, `approval.pin_wrong`,
 * `storage.failed`. `isClosed` says whether the engine closed while the PIN
 * was checked.
 */
export async function adjustOrder(
  options: ResolvedPosEngineOptions,
  pinGate: PinGate,
  input: AdjustOrderInput,
  isClosed: () => boolean,
): Promise<Result<PlacedAdjustment, Failure>> {
  const request = checkAdjustmentInput(input);
  if (!request.ok) return request;
  const checked = catchStorageFailure(() => checkInStore(options.db, request.value, input));
  if (!checked.ok) return checked;
  if (!checked.value.ok) return checked.value;
  const unlocked = await pinGate.check(checked.value.value, input.approver.pin);
  if (!unlocked.ok) return unlocked;
  const approval = await approve(options, request.value, unlocked.value);
  if (isClosed()) {
    return err(failure('storage.failed', 'The POS closed before the void or refund was stored.'));
  }
  const stored = catchStorageFailure(() =>
    inTransaction(options.db, () => store(options, request.value, approval)),
  );
  if (!stored.ok) return stored;
  if (!stored.value.ok) return stored.value;
  const { adjustment, record } = stored.value.value;
  const notTaken = `The ${adjustment.kind} was not queued.`;
  const journaled = journalOrWithdraw(options, record, notTaken);
  return journaled.ok ? ok(adjustment) : journaled;
}

/** The signed fields, ready to store. */
interface Approval {
  readonly fields: ApprovedFields;
  readonly proof: string;
}

/**
 * The order can take this adjustment: the verifier of the chosen manager's
 * PIN, or undefined when they are not on this device's list (the PIN gate
 * answers that as a wrong PIN, and counts it).
 */
function checkInStore(
  db: SqliteDatabase,
  request: AdjustmentRequest,
  input: AdjustOrderInput,
): Result<PinVerifier | undefined, Failure> {
  const adjustable = checkOrder(db, request);
  if (!adjustable.ok) return adjustable;
  return ok(findApprover(db, String(input.approver.staffUserId)));
}

/**
 * What this device knows of the order allows the adjustment: it placed the
 * order and the server did not refuse it, no void of it is queued or
 * confirmed, and a refund is within what is left (its total less the
 * refunds confirmed or queued here). The server checks again with what it
 * knows, which may be more.
 */
function checkOrder(db: SqliteDatabase, request: AdjustmentRequest): Result<void, Failure> {
  const order = readOrderStanding(db, request.orderId);
  if (order === undefined || order.syncState === 'rejected') {
    return err(
      failure(
        'adjustment.order_unknown',
        order === undefined
          ? `Order ${request.orderId} was not placed on this POS.`
          : `Order ${request.orderId} was refused by the server: there is nothing to take back.`,
      ),
    );
  }
  if (order.voided) {
    return err(failure('adjustment.order_voided', `Order ${request.orderId} is voided already.`));
  }
  if (request.amountCents === null) return ok(undefined);
  if (request.amountCents > order.totalCents) {
    return err(failure('adjustment.invalid', 'A refund cannot be more than the order total.'));
  }
  const leftCents = order.totalCents - order.refundedCents;
  if (request.amountCents <= leftCents) return ok(undefined);
  return err(
    failure(
      'adjustment.exceeds_order',
      `Only ${formatMoney({ amountCents: leftCents, currency: order.currency })} of order ` +
        `${request.orderId} is left to refund.`,
    ),
  );
}

/** Signs the adjustment with the manager's PIN key, which their PIN unlocked. */
async function approve(
  options: ResolvedPosEngineOptions,
  request: AdjustmentRequest,
  { verifier, key }: UnlockedPinKey,
): Promise<Approval> {
  const { clock, random } = options;
  const fields: ApprovedFields = {
    kind: request.kind,
    adjustmentId: newId(clock, random),
    orderId: request.orderId,
    amountCents: request.amountCents,
    reason: request.reason,
    placedAt: new Date(clock.now()).toISOString(),
    staffUserId: verifier.staffUserId,
    pinKeyId: verifier.pinKeyId,
  };
  return { fields, proof: await approvalProof(key, fields) };
}

interface StoredAdjustment {
  readonly adjustment: PlacedAdjustment;
  readonly record: Omit<QueuedRecord, 'type'>;
}

/**
 * Checks the order and the approver again (a sync, a pull or another
 * adjustment may have run while the PIN was checked), then stores the
 * adjustment and its work item, whose idempotency key is made here, with
 * the next device seq. The work item names no order in its outbox row and
 * carries no money at risk (see the outbox's schema).
 */
function store(
  options: ResolvedPosEngineOptions,
  request: AdjustmentRequest,
  approval: Approval,
): Result<StoredAdjustment, Failure> {
  const { db, clock, random } = options;
  const order = checkOrder(db, request);
  if (!order.ok) return order;
  const { fields } = approval;
  if (findApprover(db, fields.staffUserId)?.pinKeyId !== fields.pinKeyId) return pinWrong();
  const workItem = buildAdjustOrderWorkItem(fields, approval.proof, {
    idempotencyKey: newId(clock, random),
    deviceSeq: nextDeviceSeq(db),
  });
  checkWorkItem(workItem);
  insertSealedRow(db, ADJUSTMENTS, adjustmentRow(workItem, { status: 'queued' }));
  const placedAt = Date.parse(fields.placedAt);
  const payload = insertOutboxItem(db, {
    workItem,
    orderId: null,
    amountCents: 0,
    createdAt: placedAt,
  });
  const commitSeq = recordCommit(db);
  const record = {
    seq: workItem.deviceSeq,
    idempotencyKey: workItem.idempotencyKey,
    kind: workItem.kind,
    orderId: null,
    amountCents: 0,
    createdAt: placedAt,
    commitSeq,
    payload,
  };
  const adjustment: PlacedAdjustment = {
    id: fields.adjustmentId,
    orderId: fields.orderId,
    kind: fields.kind,
    amountCents: fields.amountCents,
    reason: fields.reason,
    approvedBy: fields.staffUserId,
    placedAt,
  };
  return ok({ adjustment, record });
}

/**
 * Every field was checked above, so the server's schema cannot refuse this
 * item; if it could, it would be stuck in the outbox for good: better to
 * crash in testing.
 */
function checkWorkItem(workItem: AdjustOrderWorkItem): void {
  if (matchesSchema(AdjustOrderWorkItem, workItem)) return;
  assert(
    false,
    `work item matches the protocol: ${describeSchemaMismatch(AdjustOrderWorkItem, workItem)}`,
  );
}

function pinWrong(): Result<never, Failure> {
  return err(
    failure(
      'approval.pin_wrong',
      "That PIN is not the chosen manager's, or the manager cannot approve on this POS.",
    ),
  );
}
