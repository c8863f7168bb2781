import { useId } from 'react';
import type { ReactNode } from 'react';

/** A titled panel of a page. */
export function Card(props: {
  readonly title: string;
  readonly actions?: ReactNode;
  readonly className?: string;
  readonly children: ReactNode;
}) {
  const titleId = useId();
  return (
    <section className={`card ${props.className ?? ''}`} aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
