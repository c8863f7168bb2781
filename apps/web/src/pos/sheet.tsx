import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A modal sheet on the native `<dialog>`: the browser keeps focus inside
 * it, Escape closes it, and screen readers announce it by its title. Only
 * the person closes it (Escape or the button): closing it when it unmounts
 * must not report a close, or a sheet mounted twice (React's strict mode)
 * would shut itself.
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
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const titleId = `sheet-${title.replaceAll(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog
      ref={dialog}
      className="sheet"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
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
