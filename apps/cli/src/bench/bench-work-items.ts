import { createSeededRandom } from '@tabline/domain';
import type { PlaceOrderWorkItem } from '@tabline/protocol';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';

/**
 * `count` orders of the fixture's menu (one to three of each product, at
 * least one item), each for a band drawn from `bands`, with device sequence
 * numbers from 1, seeded so every run pushes the same mix.
 */
export function benchWorkItems(
  fixture: EventFixture,
  count: number,
  bands: readonly string[],
  seed = 1,
): PlaceOrderWorkItem[] {
  const random = createSeededRandom(seed);
  const draw = (n: number) => Math.floor(random.next() * n);
  return Array.from({ length: count }, (_, index) => {
    const quantities = fixture.products.map(() => draw(3));
    quantities[draw(quantities.length)] ||= 1;
    return placeOrderItem(fixture, {
      deviceSeq: index + 1,
      wristbandUid: bands[draw(bands.length)]!,
      quantities,
    });
  });
}
