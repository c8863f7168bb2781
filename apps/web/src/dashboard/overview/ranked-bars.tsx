import { formatCents } from '../ui/format.ts';

export interface RankedRow {
  /** The record's id (a location, product, device), for tests and keys. */
  readonly id: string;
  readonly label: string;
  readonly amountCents: number;
  /** A second figure: orders, units, unsynced items. */
  readonly detail: string;
}

/**
 * A ranking as a list whose items carry their own bar: the words and
 * figures are the text alternative, the bars (hidden from screen readers)
 * the picture. Bars are scaled to the largest item. In a narrow panel the
 * bar goes under its figures; in a wide one, beside them (a container
 * query in dashboard.css).
 */
export function RankedBars(props: {
  readonly label: string;
  readonly rows: readonly RankedRow[];
  readonly currency: string;
  readonly testId: string;
  readonly tone?: 'accent' | 'warn';
}) {
  const max = Math.max(1, ...props.rows.map((row) => row.amountCents));
  return (
    <ol
      className={`ranked ranked-${props.tone ?? 'accent'}`}
      aria-label={props.label}
      data-testid={props.testId}
    >
      {props.rows.map((row) => (
        <li key={row.id} data-id={row.id}>
          <span className="ranked-name">{row.label}</span>
          <span className="ranked-value">{formatCents(row.amountCents, props.currency)}</span>
          <span className="ranked-detail">{row.detail}</span>
          <span className="ranked-bar" aria-hidden="true">
            <span style={{ width: `${(row.amountCents / max) * 100}%` }} />
          </span>
        </li>
      ))}
    </ol>
  );
}
