import { assert } from './assert.ts';

/**
 * Shares an order's net over its lines in proportion to their amounts, in
 * whole cents that sum to the net exactly: by cumulative floors, the first k
 * lines together get floor(net x their amounts / total). An order charged
 * its total with nothing taken back gives each line its amount, one with a
 * net of 0 gives each 0. Sales by product are these shares
 * (docs/OPERATING.md, "Sales"). BigInt, since net x amount can pass 2^53.
 */
export function shareByAmounts(netCents: number, amountsCents: readonly number[]): number[] {
  const totalCents = amountsCents.reduce((sum, amount) => sum + amount, 0);
  assert(
    amountsCents.every((amount) => Number.isSafeInteger(amount) && amount >= 0),
    `line amounts ${amountsCents.join(', ')} are whole cents`,
  );
  assert(
    Number.isSafeInteger(netCents) && netCents >= 0 && netCents <= totalCents,
    `net ${netCents} is whole cents within the lines' total ${totalCents}`,
  );
  if (netCents === 0) return amountsCents.map(() => 0);
  const net = BigInt(netCents);
  const total = BigInt(totalCents);
  let through = 0n;
  return amountsCents.map((amount) => {
    const before = (net * through) / total;
    through += BigInt(amount);
    return Number((net * through) / total - before);
  });
}
