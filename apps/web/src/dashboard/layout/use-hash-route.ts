import { useSyncExternalStore } from 'react';

/** Where the dashboard is: `#/<section>/<detail>`. */
export interface HashRoute {
  readonly sectionId: string | null;
  readonly detail: string | null;
}

/**
 * The address after `#`, as the page to show. Hash addresses need nothing
 * from the server (it serves one page at /dashboard/), keep the back button
 * working, and survive a reload.
 */
export function useHashRoute(): HashRoute {
  const hash = useSyncExternalStore(subscribe, readHash);
  return parseHash(hash);
}

export function sectionHref(sectionId: string, detail?: string): string {
  return `#/${sectionId}${detail === undefined ? '' : `/${encodeURIComponent(detail)}`}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function readHash(): string {
  return window.location.hash;
}

function parseHash(hash: string): HashRoute {
  const [sectionId, detail] = hash.replace(/^#\/?/, '').split('/');
  return {
    sectionId: sectionId ? sectionId : null,
    detail: detail ? decodeURIComponent(detail) : null,
  };
}
