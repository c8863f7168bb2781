import { useId } from 'react';
import type { ReactNode } from 'react';
import type { Tone } from './status-pill.tsx';

/**
 * One big figure with its label and a line of detail, read from across the
 * room. With `href`, the whole tile leads to where the figure is explained.
 */
export function StatTile(props: {
  readonly label: string;
  readonly value: string;
  readonly detail?: ReactNode;
  readonly tone?: Tone;
  readonly href?: string;
  readonly testId: string;
}) {
  const labelId = useId();
  const body = (
    <>
      <p id={labelId} className="stat-label">
        {props.label}
      </p>
      <p className="stat-value" data-testid={props.testId}>
        {props.value}
      </p>
      {props.detail ? <p className="stat-detail">{props.detail}</p> : null}
    </>
  );
  const className = `stat stat-${props.tone ?? 'neutral'}`;
  return props.href ? (
    <a className={`${className} stat-link`} href={props.href}>
      {body}
    </a>
  ) : (
    <section className={className} aria-labelledby={labelId}>
      {body}
    </section>
  );
}
