import { useMutation } from '@tanstack/react-query';
import { eventPath } from '../api/event-path.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { downloadCsv } from './download-csv.ts';

/** "Download CSV" of one of the event's exports (`orders` or `tabs`), for the organiser's books. */
export function DownloadCsvButton(props: { readonly export: 'orders' | 'tabs' }) {
  const event = useEvent();
  const { session } = useSession();
  const fileName = `${props.export}.csv`;
  const download = useMutation({
    mutationFn: () =>
      downloadCsv(
        session.token,
        eventPath(event.id, 'exports', fileName),
        `${event.id}-${fileName}`,
      ),
  });
  return (
    <>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? 'Preparing…' : 'Download CSV'}
      </button>
      {download.error ? (
        <ErrorMessage error={download.error} prefix="The CSV could not be downloaded:" />
      ) : null}
    </>
  );
}
