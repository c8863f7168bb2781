import { useMutation, useQueryClient } from '@tanstack/react-query';
import { REVIEW_REASON_LENGTH_MAX } from '@tabline/protocol';
import type { OrderSummary } from '@tabline/protocol';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { reviewOrder } from '../api/orders.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { shortId } from '../ui/format.ts';
import { Modal } from '../ui/modal.tsx';
import { flagLabel } from './flag-labels.ts';
import { ordersKey } from './use-orders.ts';

/** Asks why a flagged order stands as it is, and records the review. */
export function ReviewOrderDialog(props: {
  readonly order: OrderSummary;
  readonly onClose: () => void;
}) {
  const event = useEvent();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const review = useMutation({
    mutationFn: () => reviewOrder(api, event.id, props.order.id, { reason: reason.trim() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ordersKey(event.id) });
      props.onClose();
    },
  });
  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault();
    if (reason.trim().length > 0) review.mutate();
  };
  return (
    <Modal title={`Review order ${shortId(props.order.id)}?`} onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <p>
          Flagged: {props.order.flags.map(flagLabel).join(', ')}. Say why the order stands as it is;
          the review is kept with your name.
        </p>
        <label htmlFor={reasonId}>Reason</label>
        <input
          id={reasonId}
          value={reason}
          maxLength={REVIEW_REASON_LENGTH_MAX}
          required
          onChange={(change) => setReason(change.target.value)}
        />
        {review.error ? <ErrorMessage error={review.error} /> : null}
        <div className="modal-actions">
          <button type="button" onClick={props.onClose} disabled={review.isPending}>
            Cancel
          </button>
          <button
            type="submit"
            className="button-primary"
            disabled={review.isPending || reason.trim().length === 0}
          >
            {review.isPending ? 'Working…' : 'Mark reviewed'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
