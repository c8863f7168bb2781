import { useQueryClient } from '@tanstack/react-query';
import type { DeadLetter, RedriveRequest } from '@tabline/protocol';
import { redriveDeadLetters } from '../api/dead-letters.ts';
import { salesKey } from '../overview/use-event-sales.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { formatCount } from '../ui/format.ts';
import { QUEUES } from './queue-labels.ts';
import type { QueueFilter } from './queue-labels.ts';
import { deadLettersKey } from './use-dead-letters.ts';

/** A redrive asked for: one dead letter, or every one of the queues shown. */
export type Redrive =
  | { readonly kind: 'one'; readonly letter: DeadLetter }
  | { readonly kind: 'all'; readonly filter: QueueFilter; readonly shown: readonly DeadLetter[] };

/** Asks before a redrive, runs it, and says how many jobs went back. */
export function RedriveDialog(props: {
  readonly redrive: Redrive;
  readonly onClose: () => void;
  readonly onDone: (redriven: number) => void;
}) {
  const event = useEvent();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const { redrive } = props;
  const one = redrive.kind === 'one';
  const run = async () => {
    let redriven = 0;
    for (const body of redriveRequests(redrive)) {
      redriven += (await redriveDeadLetters(api, event.id, body)).redriven;
    }
    props.onDone(redriven);
    await queryClient.invalidateQueries({ queryKey: deadLettersKey(event.id) });
    await queryClient.invalidateQueries({ queryKey: salesKey(event.id) });
  };
  return (
    <ConfirmDialog
      title={one ? 'Redrive this job?' : `Redrive ${formatCount(redrive.shown.length)} jobs?`}
      confirmLabel="Redrive"
      onClose={props.onClose}
      onConfirm={run}
    >
      <p>
        {one ? 'The job goes back to its queue' : 'The jobs go back to their queue'} and run again.
        Fix what made {one ? 'it' : 'them'} fail first: a job that fails every retry again comes
        back here. Nothing is charged or texted twice.
      </p>
    </ConfirmDialog>
  );
}

/** The bodies of the redrive: one dead letter, or all of each queue with some shown. */
function redriveRequests(redrive: Redrive): RedriveRequest[] {
  if (redrive.kind === 'one') return [{ queue: redrive.letter.queue, ids: [redrive.letter.id] }];
  const queues = redrive.filter === 'all' ? QUEUES : [redrive.filter];
  return queues
    .filter((queue) => redrive.shown.some((letter) => letter.queue === queue))
    .map((queue) => ({ queue }));
}
