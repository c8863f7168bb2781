/**
 * Holds one promotion's discounts on an order to its cap. When the line
 * discounts add up to more than `capCents`, they are kept in line order until
 * the cap is used up: the first lines keep their full discount, the line
 * where the cap runs out keeps what is left of it, and later lines get
 * nothing. (Equivalently: the excess is taken back from the last line
 * backwards.) The result sums to exactly the cap.
 *
 * Why not split the cap in proportion to the line discounts? Proportional
 * shares need rounding, and the rounding can move a cent from one line to
 * another when an earlier promotion changes; filling in line order has no
 * rounding at all and keeps the rule that adding a stackable promotion never
 * raises a total.
 */
export function applyCap(discountsCents: readonly number[], capCents: number | null): number[] {
  if (capCents === null) return [...discountsCents];
  let capLeft = capCents;
  return discountsCents.map((discount) => {
    const kept = Math.min(discount, capLeft);
    capLeft -= kept;
    return kept;
  });
}
