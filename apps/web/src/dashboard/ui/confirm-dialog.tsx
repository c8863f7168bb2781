import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Modal } from './modal.tsx';
import { ErrorMessage } from './error-message.tsx';

/**
 * Asks before something that is hard to undo (blocking a wristband,
 * revoking a device, a redrive), runs it, and closes once it is done; a
 * failure stays on screen beside the buttons.
 */
export function ConfirmDialog(props: {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly onConfirm: () => Promise<unknown>;
  readonly onClose: () => void;
}) {
  const action = useMutation({ mutationFn: props.onConfirm, onSuccess: props.onClose });
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <div className="modal-body">{props.children}</div>
      {action.error ? <ErrorMessage error={action.error} /> : null}
      <div className="modal-actions">
        <button type="button" onClick={props.onClose} disabled={action.isPending}>
          Cancel
        </button>
        <button
          type="button"
          className={props.danger ? 'button-danger' : 'button-primary'}
          onClick={() => action.mutate()}
          disabled={action.isPending}
        >
          {action.isPending ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
