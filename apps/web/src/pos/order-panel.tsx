import type { FormEvent } from 'react';
import type { Failure } from '@tabline/domain';
import type { OrderQuote } from '@tabline/pos';
import { money } from './format.ts';

export interface OrderLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
}

/**
 * The order being rung up: the wristband, the lines with their quantities,
 * and the total as the engine prices it (promotions included). Charging
 * takes it in one local transaction, online or not.
 */
export function OrderPanel({
  wristband,
  lines,
  quote,
  refusal,
  charging,
  onWristband,
  onQuantity,
  onClear,
  onCharge,
}: {
  wristband: string;
  lines: readonly OrderLine[];
  quote: OrderQuote | null;
  refusal: Failure | null;
  charging: boolean;
  onWristband: (value: string) => void;
  onQuantity: (productId: string, quantity: number) => void;
  onClear: () => void;
  onCharge: () => void;
}) {
  const currency = quote?.currency ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCharge();
  };
  // A band the list says is lost is refused by the engine anyway: the
  // button says so before anyone taps it.
  const blocked = quote?.wristband.standing === 'blocked';
  const canCharge = lines.length > 0 && wristband.trim() !== '' && !charging && !blocked;
  return (
    <aside className="order" aria-label="Order">
      <form onSubmit={submit} className="order-form">
        <label htmlFor="wristband">Wristband</label>
        <input
          id="wristband"
          value={wristband}
          onChange={(event) => onWristband(event.target.value)}
          placeholder="Scan or type, e.g. TL0001"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="done"
        />
        <WristbandStanding quote={quote} />
        <ul className="order-lines" aria-label="Order lines">
          {lines.length === 0 && <li className="muted">Tap a product to add it.</li>}
          {lines.map((line, index) => {
            const priced = quote?.items[index];
            return (
              <li key={line.productId} className="order-line">
                <span className="line-name">{line.name}</span>
                <span className="stepper">
                  <button
                    type="button"
                    aria-label={`One less ${line.name}`}
                    onClick={() => onQuantity(line.productId, line.quantity - 1)}
                  >
                    −
                  </button>
                  <output aria-label={`${line.name} quantity`}>{line.quantity}</output>
                  <button
                    type="button"
                    aria-label={`One more ${line.name}`}
                    onClick={() => onQuantity(line.productId, line.quantity + 1)}
                  >
                    +
                  </button>
                </span>
                <span className="line-total">
                  {priced
                    ? money(
                        priced.unitPriceCents * priced.quantity - priced.discountCents,
                        currency,
                      )
                    : ''}
                  {priced && priced.discountCents > 0 && (
                    <small className="line-discount">
                      −{money(priced.discountCents, currency)}
                    </small>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
        {quote && quote.discountCents > 0 && (
          <p className="discounts">
            {quote.promotionNames.join(', ')}: −{money(quote.discountCents, currency)}
          </p>
        )}
        <p className="order-total">
          <span>Total</span>
          <strong data-testid="order-total">{money(quote?.totalCents ?? 0, currency)}</strong>
        </p>
        {refusal && !(blocked && refusal.code === 'wristband.blocked') && (
          <p
            role="alert"
            className={`refusal ${refusal.code === 'wristband.blocked' ? 'blocked' : ''}`}
          >
            {refusal.message}
          </p>
        )}
        <div className="order-actions">
          <button type="button" onClick={onClear} disabled={lines.length === 0 && wristband === ''}>
            Clear
          </button>
          <button type="submit" className="primary charge" disabled={!canCharge}>
            {charging ? 'Charging…' : `Charge ${money(quote?.totalCents ?? 0, currency)}`}
          </button>
        </div>
      </form>
    </aside>
  );
}

function WristbandStanding({ quote }: { quote: OrderQuote | null }) {
  const standing = quote?.wristband.standing;
  switch (standing) {
    case 'blocked':
      return (
        <p className="band-warning" role="alert">
          Blocked wristband (reported lost): do not serve it, call a manager.
        </p>
      );
    case 'malformed':
      return <p className="band-note">Not a wristband code: letters and digits only.</p>;
    case 'unknown':
      return (
        <p className="band-note">Not on this tablet's list yet: the order is kept and checked.</p>
      );
    case 'active':
      return quote?.wristband.standing === 'active' && quote.wristband.tier !== 'standard' ? (
        <p className="band-note">{quote.wristband.tier.toUpperCase()} wristband</p>
      ) : null;
    case 'none':
    case undefined:
      return null;
  }
}
