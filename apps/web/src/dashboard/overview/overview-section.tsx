import { useState } from 'react';
import type { EventSales } from '@tabline/protocol';
import { summariseFleet } from '../devices/device-health.ts';
import type { FleetSummary } from '../devices/device-health.ts';
import { useDevices } from '../devices/use-devices.ts';
import type { DashboardSection } from '../layout/dashboard-section.ts';
import { sectionHref } from '../layout/use-hash-route.ts';
import { Freshness, isOutOfDate, useFreshness } from '../live/freshness.tsx';
import { useEvent } from '../session/session-context.ts';
import { Card } from '../ui/card.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCents, formatCount } from '../ui/format.ts';
import { StatTile } from '../ui/stat-tile.tsx';
import { HourlySalesChart } from './hourly-sales-chart.tsx';
import { MoneyAtRiskCard } from './money-at-risk-card.tsx';
import { RankedBars } from './ranked-bars.tsx';
import { useEventSales } from './use-event-sales.ts';

/** Products ranked before "show all": a bar's worth of best sellers. */
export const PRODUCTS_SHOWN = 10;

/** The event at a glance: true sales from the ledger and the fleet's money at risk, live. */
function OverviewPage() {
  const event = useEvent();
  const sales = useEventSales(event.id);
  const devices = useDevices(event.id);
  const freshness = useFreshness([sales, devices]);
  const { now } = freshness;
  const fleet = devices.data ? summariseFleet(devices.data.items, now) : null;
  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <Freshness freshness={freshness} />
      </div>
      {sales.data === undefined && sales.isError ? (
        <ErrorMessage error={sales.error} prefix="Sales could not be loaded:" />
      ) : null}
      <div className={isOutOfDate(freshness) ? 'figures figures-out-of-date' : 'figures'}>
        <div className="stats" aria-busy={sales.isPending}>
          <SalesTiles sales={sales.data?.sales ?? null} />
          <FleetTiles fleet={fleet} currency={event.currency} />
        </div>
        <div className="overview-grid">
          {sales.data ? <SalesCards sales={sales.data.sales} /> : null}
          {devices.data ? (
            <MoneyAtRiskCard devices={devices.data.items} now={now} currency={event.currency} />
          ) : null}
        </div>
      </div>
    </>
  );
}

function SalesTiles(props: { readonly sales: EventSales | null }) {
  const { sales } = props;
  if (sales === null) {
    return (
      <>
        <StatTile label="Net sales" value="…" testId="net-sales" />
        <StatTile label="Orders" value="…" testId="orders" />
        <StatTile label="Pending orders" value="…" testId="pending-orders" />
      </>
    );
  }
  const { totals, currency } = sales;
  const takenBack = totals.voidedCents + totals.refundedCents;
  return (
    <>
      <StatTile
        label="Net sales"
        value={formatCents(totals.netCents, currency)}
        testId="net-sales"
        tone="ok"
        detail={
          takenBack > 0
            ? `${formatCents(totals.chargedCents, currency)} charged, ${formatCents(takenBack, currency)} voided or refunded`
            : 'charged to tabs, from the ledger'
        }
      />
      <StatTile
        label="Orders"
        value={formatCount(totals.orders)}
        testId="orders"
        detail={`${formatCount(totals.processedOrders)} processed`}
      />
      <StatTile
        label="Pending orders"
        value={formatCount(totals.pendingOrders)}
        testId="pending-orders"
        tone={totals.pendingOrders > 0 ? 'info' : 'neutral'}
        detail={totals.pendingOrders > 0 ? 'received, not charged yet' : 'none waiting'}
      />
    </>
  );
}

function FleetTiles(props: { readonly fleet: FleetSummary | null; readonly currency: string }) {
  const { fleet, currency } = props;
  const devicesHref = sectionHref('devices');
  if (fleet === null) {
    return (
      <>
        <StatTile label="Money at risk" value="…" testId="money-at-risk" href={devicesHref} />
        <StatTile label="Devices with alerts" value="…" testId="device-alerts" href={devicesHref} />
      </>
    );
  }
  return (
    <>
      <StatTile
        label="Money at risk"
        value={formatCents(fleet.amountAtRiskCents, currency)}
        testId="money-at-risk"
        href={devicesHref}
        tone={fleet.amountAtRiskCents > 0 ? 'warn' : 'neutral'}
        detail={
          fleet.backlogCount > 0
            ? `${formatCount(fleet.backlogCount)} unsynced ${fleet.backlogCount === 1 ? 'item' : 'items'} on ${formatCount(fleet.devicesAtRisk)} ${fleet.devicesAtRisk === 1 ? 'device' : 'devices'}`
            : 'every sale delivered'
        }
      />
      <StatTile
        label="Devices with alerts"
        value={formatCount(fleet.withAlerts)}
        testId="device-alerts"
        href={devicesHref}
        tone={fleet.withAlerts > 0 ? 'danger' : 'neutral'}
        detail={`${formatCount(fleet.online)} of ${formatCount(fleet.paired)} paired online`}
      />
    </>
  );
}

function SalesCards(props: { readonly sales: EventSales }) {
  const { sales } = props;
  return (
    <>
      <Card title="Sales by hour" className="span-2">
        {sales.byHour.length === 0 ? (
          <NoSalesYet />
        ) : (
          <HourlySalesChart
            hours={sales.byHour}
            asOf={sales.asOf}
            currency={sales.currency}
            timeZone={sales.timeZone}
          />
        )}
      </Card>
      <Card title="By location">
        {sales.byLocation.length === 0 ? (
          <NoSalesYet />
        ) : (
          <RankedBars
            label="Net sales by location"
            testId="sales-by-location"
            currency={sales.currency}
            rows={sales.byLocation.map((row) => ({
              id: row.locationId ?? 'none',
              label: row.name ?? 'No location',
              amountCents: row.netCents,
              detail: `${formatCount(row.orders)} ${row.orders === 1 ? 'order' : 'orders'}`,
            }))}
          />
        )}
      </Card>
      <ProductsCard sales={sales} />
    </>
  );
}

function ProductsCard(props: { readonly sales: EventSales }) {
  const { sales } = props;
  const [showAll, setShowAll] = useState(false);
  const products = showAll ? sales.byProduct : sales.byProduct.slice(0, PRODUCTS_SHOWN);
  const toggle =
    sales.byProduct.length > PRODUCTS_SHOWN ? (
      <button type="button" className="button-small" onClick={() => setShowAll(!showAll)}>
        {showAll ? `Top ${PRODUCTS_SHOWN} only` : `Show all ${sales.byProduct.length}`}
      </button>
    ) : null;
  return (
    <Card title="By product" className="span-2" actions={toggle}>
      {sales.byProduct.length === 0 ? (
        <NoSalesYet />
      ) : (
        <RankedBars
          label="Net sales by product"
          testId="sales-by-product"
          currency={sales.currency}
          rows={products.map((row) => ({
            id: row.productId,
            label: row.name,
            amountCents: row.netCents,
            detail: `${formatCount(row.quantity)} sold`,
          }))}
        />
      )}
    </Card>
  );
}

function NoSalesYet() {
  return (
    <p className="muted">
      No sales yet: figures appear seconds after the first order is processed.
    </p>
  );
}

export const overviewSection: DashboardSection = {
  id: 'overview',
  label: 'Overview',
  Page: OverviewPage,
};
