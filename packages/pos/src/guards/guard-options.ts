import type { BacklogExporter } from './backlog-exporter.ts';

/**
 * How a destructive operation (reset, sign out, erase) is called. Without
 * `force` it is refused while work items wait for the server
 * (`pos.unsynced_work`). With `force`, the backlog is exported to `exportTo`
 * first, and the operation only happens once the export is durable.
 */
export type GuardOptions =
  { readonly force?: false } | { readonly force: true; readonly exportTo: BacklogExporter };
