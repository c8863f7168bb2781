import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A modal sheet on the native `<dialog>`: the browser keeps focus inside
 * it, Escape closes it, and screen readers announce it by its title.
 */
export function Sheet({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  const titleId = `sheet-${title.replaceAll(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog ref={dialog} className="sheet" aria-labelledby={titleId} onClose={onClose}>
      <header className="sheet-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="sheet-body">{children}</div>
    </dialog>
  );
}
