import type { ComponentType } from 'react';

/**
 * One page of the dashboard, reached at `#/<id>` from the sidebar. A new
 * page is one file exporting one of these, added to SECTIONS. Sections read
 * the event and the API from context (`useEvent`, `useSession`).
 */
export interface DashboardSection {
  /** The address: `#/<id>`, and `#/<id>/<detail>` for one record in it. */
  readonly id: string;
  readonly label: string;
  /** The page; `detail` is what follows the id in the address, or null. */
  readonly Page: ComponentType<{ readonly detail: string | null }>;
  /** A count beside the label that needs attention (alerts, dead letters), if any. */
  readonly Badge?: ComponentType;
}
