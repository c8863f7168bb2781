import { useEffect, useState } from 'react';
import type { Failure, Promotion } from '@tabline/domain';
import type { Menu, MenuProduct, OrderQuote, PosDeviceInfo } from '@tabline/pos';
import { DeviceSheet } from './device-sheet.tsx';
import type { EngineClient } from './engine/engine-client.ts';
import { useEngineStatus } from './engine/use-engine-status.ts';
import { money } from './format.ts';
import { MenuGrid } from './menu-grid.tsx';
import { OrderPanel } from './order-panel.tsx';
import type { OrderLine } from './order-panel.tsx';
import { OrdersSheet } from './orders-sheet.tsx';
import { RejectedSheet } from './rejected-sheet.tsx';
import { StatusBar } from './status-bar.tsx';
import { useOnline } from './use-online.ts';

type OpenSheet = 'orders' | 'rejected' | 'device' | null;

interface Confirmation {
  readonly text: string;
  /** From the tap on Charge to the engine's answer, as the page saw it. */
  readonly confirmMs: number;
}

/** The till: menu, order, status, and the sheets staff open from the top bar. */
export function SellScreen({
  client,
  recovered,
  onSignedOut,
}: {
  client: EngineClient;
  recovered: boolean;
  onSignedOut: () => void;
}) {
  const online = useOnline();
  const status = useEngineStatus(client);
  const catalog = useCatalog(client);
  const [wristband, setWristband] = useState('');
  const [lines, setLines] = useState<readonly OrderLine[]>([]);
  const [quote, setQuote] = useState<OrderQuote | null>(null);
  const [refusal, setRefusal] = useState<Failure | null>(null);
  const [charging, setCharging] = useState(false);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [sheet, setSheet] = useState<OpenSheet>(null);

  useEffect(() => {
    void client.call('setOnline', online);
  }, [client, online]);

  useEffect(() => {
    let current = true;
    void client.call('quoteOrder', { wristbandUid: wristband, items: lines }).then((quoted) => {
      if (!current) return;
      setQuote(quoted.ok ? quoted.value : null);
      setRefusal(quoted.ok ? null : quoted.error);
    });
    return () => {
      current = false;
    };
  }, [client, wristband, lines, catalog.version]);

  const add = (product: MenuProduct) => {
    setConfirmation(null);
    setLines((current) =>
      current.some((line) => line.productId === product.id)
        ? current.map((line) =>
            line.productId === product.id ? { ...line, quantity: line.quantity + 1 } : line,
          )
        : [...current, { productId: product.id, name: product.name, quantity: 1 }],
    );
  };
  const setQuantity = (productId: string, quantity: number) =>
    setLines((current) =>
      quantity <= 0
        ? current.filter((line) => line.productId !== productId)
        : current.map((line) => (line.productId === productId ? { ...line, quantity } : line)),
    );
  const clear = () => {
    setLines([]);
    setWristband('');
    setRefusal(null);
  };
  const charge = async () => {
    const tappedAt = performance.now();
    setCharging(true);
    const placed = await client.call('placeOrder', { wristbandUid: wristband, items: lines });
    setCharging(false);
    if (!placed.ok) {
      setRefusal(placed.error);
      return;
    }
    const order = placed.value;
    setConfirmation({
      text: `Order taken: ${money(order.totalCents, order.currency)} on ${order.wristbandUid}`,
      confirmMs: Math.round(performance.now() - tappedAt),
    });
    clear();
  };

  const currency = status?.currency ?? catalog.device?.currency ?? null;
  return (
    <div className="till">
      <StatusBar
        online={online}
        status={status}
        device={catalog.device}
        onOpenOrders={() => setSheet('orders')}
        onOpenRejected={() => setSheet('rejected')}
        onOpenSettings={() => setSheet('device')}
      />
      {recovered && (
        <p className="banner-warn" role="status">
          This tablet's store was damaged and has been rebuilt; no unsynced sale was lost.
        </p>
      )}
      <main className="sell">
        {catalog.menu && (
          <MenuGrid menu={catalog.menu} promotions={catalog.promotions} onAdd={add} />
        )}
        <OrderPanel
          wristband={wristband}
          lines={lines}
          quote={quote}
          refusal={lines.length > 0 || wristband !== '' ? refusal : null}
          charging={charging}
          onWristband={(value) => {
            setConfirmation(null);
            setWristband(value);
          }}
          onQuantity={setQuantity}
          onClear={clear}
          onCharge={() => void charge()}
        />
      </main>
      <div className="toast-area" role="status" aria-live="polite">
        {confirmation && (
          <p className="toast" data-testid="confirmation" data-confirm-ms={confirmation.confirmMs}>
            {confirmation.text}
          </p>
        )}
      </div>
      {sheet === 'orders' && (
        <OrdersSheet client={client} currency={currency} onClose={() => setSheet(null)} />
      )}
      {sheet === 'rejected' && (
        <RejectedSheet client={client} currency={currency} onClose={() => setSheet(null)} />
      )}
      {sheet === 'device' && (
        <DeviceSheet
          client={client}
          status={status}
          device={catalog.device}
          onSignedOut={onSignedOut}
          onClose={() => setSheet(null)}
        />
      )}
    </div>
  );
}

/**
 * The menu, the promotions that apply now and the device's facts, read
 * again after every pull and every minute (promotions start and end).
 */
function useCatalog(client: EngineClient) {
  const [catalog, setCatalog] = useState<Catalog>({
    menu: null,
    promotions: [],
    device: null,
    version: 0,
  });
  useEffect(() => {
    const read = () =>
      void readCatalog(client).then((read) =>
        setCatalog((previous) => ({ ...read, version: previous.version + 1 })),
      );
    read();
    const unsubscribe = client.subscribe((notice) => {
      if (notice.type === 'pulled') read();
    });
    const timer = setInterval(read, 60_000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [client]);
  return catalog;
}

interface Catalog {
  readonly menu: Menu | null;
  readonly promotions: readonly Promotion[];
  readonly device: PosDeviceInfo | null;
  /** Moves on every read, so the order's quote is made again. */
  readonly version: number;
}

async function readCatalog(client: EngineClient): Promise<Omit<Catalog, 'version'>> {
  const [menu, promotions, device] = await Promise.all([
    client.call('menu'),
    client.call('activePromotions'),
    client.call('deviceInfo'),
  ]);
  return { menu, promotions, device };
}
