import { useId } from 'react';
import type { HourSales } from '@tabline/protocol';
import {
  formatAxisCents,
  formatCents,
  formatCount,
  formatDateTime,
  formatTimeOfDay,
} from '../ui/format.ts';

/** The chart shows the latest this many hours; the table under it has every hour. */
export const CHART_HOURS_MAX = 24;

/** Hours the chart shows at least, so one busy hour is not one wall-to-wall column. */
export const CHART_HOURS_MIN = 12;

/** The widest a column gets, in the chart's units. */
const BAR_WIDTH_MAX = 44;

const HOUR_MS = 3_600_000;
const WIDTH = 760;
const HEIGHT = 250;
const MARGIN = { top: 14, right: 8, bottom: 34, left: 64 };
const GRID_LINES = 4;
const X_LABELS_MAX = 12;

interface Column {
  readonly hour: string;
  readonly netCents: number;
  readonly orders: number;
}

/**
 * Net sales per hour of the event's clocks as columns, up to the hour of
 * the figures' snapshot (`asOf`), hours without sales as zero. Drawn as plain SVG: a
 * column chart is a few rectangles, not worth a charting library. The
 * picture has a one-line description; the table below it has the figures.
 */
export function HourlySalesChart(props: {
  readonly hours: readonly HourSales[];
  /** The time of the snapshot: the last column is its hour. */
  readonly asOf: string;
  readonly currency: string;
  readonly timeZone: string;
}) {
  const titleId = useId();
  const columns = fillHours(props.hours, hourStartOf(props.asOf, props.timeZone));
  const top = niceCeiling(Math.max(0, ...columns.map((column) => column.netCents)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / Math.max(1, columns.length);
  const y = (cents: number) => MARGIN.top + plotHeight - (cents / top) * plotHeight;
  const labelEvery = Math.ceil(columns.length / X_LABELS_MAX);
  const best = columns.reduce<Column | null>(
    (found, column) => (found === null || column.netCents > found.netCents ? column : found),
    null,
  );
  return (
    <figure className="hour-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>{describe(columns, best, props.currency, props.timeZone)}</title>
        {Array.from({ length: GRID_LINES + 1 }, (_, index) => {
          const cents = (top / GRID_LINES) * index;
          return (
            <g key={index} className="chart-grid">
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(cents)} y2={y(cents)} />
              <text x={MARGIN.left - 8} y={y(cents)} dy="0.32em" textAnchor="end">
                {formatAxisCents(cents, props.currency)}
              </text>
            </g>
          );
        })}
        {columns.map((column, index) => {
          const x = MARGIN.left + index * band;
          const barWidth = Math.min(BAR_WIDTH_MAX, Math.max(2, band * 0.72));
          return (
            <g key={column.hour}>
              <rect
                className={column === columns.at(-1) ? 'chart-bar chart-bar-latest' : 'chart-bar'}
                x={x + (band - barWidth) / 2}
                y={y(column.netCents)}
                width={barWidth}
                height={Math.max(0, MARGIN.top + plotHeight - y(column.netCents))}
                rx={3}
              />
              {index % labelEvery === 0 ? (
                <text
                  className="chart-x-label"
                  x={x + band / 2}
                  y={HEIGHT - MARGIN.bottom + 18}
                  textAnchor="middle"
                >
                  {formatTimeOfDay(column.hour, props.timeZone)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details className="chart-table">
        <summary>Sales by hour as a table</summary>
        <table data-testid="sales-by-hour">
          <thead>
            <tr>
              <th scope="col">Hour starting</th>
              <th scope="col" className="num">
                Net sales
              </th>
              <th scope="col" className="num">
                Orders
              </th>
            </tr>
          </thead>
          <tbody>
            {props.hours.map((hour) => (
              <tr key={hour.hour} data-id={hour.hour}>
                <th scope="row">{formatDateTime(hour.hour, props.timeZone)}</th>
                <td className="num">{formatCents(hour.netCents, props.currency)}</td>
                <td className="num">{formatCount(hour.orders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * The hours from the first with sales (or CHART_HOURS_MIN before the last)
 * to the last (the later of the snapshot's hour and the last with sales,
 * as a device's clock may be ahead), at most CHART_HOURS_MAX of them.
 */
function fillHours(hours: readonly HourSales[], snapshotHourMs: number): Column[] {
  const byStart = new Map(hours.map((hour) => [Date.parse(hour.hour), hour]));
  const lastSales = hours.at(-1);
  const end = Math.max(snapshotHourMs, lastSales ? Date.parse(lastSales.hour) : 0);
  const firstSales = hours[0] ? Date.parse(hours[0].hour) : end;
  const start = Math.max(
    Math.min(firstSales, end - (CHART_HOURS_MIN - 1) * HOUR_MS),
    end - (CHART_HOURS_MAX - 1) * HOUR_MS,
  );
  const columns: Column[] = [];
  for (let at = start; at <= end; at += HOUR_MS) {
    const found = byStart.get(at);
    columns.push(found ?? { hour: new Date(at).toISOString(), netCents: 0, orders: 0 });
  }
  return columns;
}

/** The instant the hour of `iso` starts on the clocks of `timeZone` (which may be off by 30 minutes). */
function hourStartOf(iso: string, timeZone: string): number {
  const at = Date.parse(iso);
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((found) => found.type === type)?.value ?? 0);
  return at - (part('minute') * 60 + part('second')) * 1000 - (at % 1000);
}

/** The smallest 1, 2, 2.5 or 5 times a power of ten, times GRID_LINES, at or above `cents`. */
function niceCeiling(cents: number): number {
  if (cents <= 0) return GRID_LINES * 100;
  const rough = cents / GRID_LINES;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((s) => s >= rough)!;
  return step * GRID_LINES;
}

function describe(
  columns: readonly Column[],
  best: Column | null,
  currency: string,
  timeZone: string,
): string {
  if (columns.length === 0 || best === null) return 'Net sales by hour: no sales yet.';
  const first = formatDateTime(columns[0]!.hour, timeZone);
  const busiest = `${formatTimeOfDay(best.hour, timeZone)} with ${formatCents(best.netCents, currency)}`;
  return `Net sales by hour over ${columns.length} hours from ${first}; the busiest hour started at ${busiest}.`;
}
