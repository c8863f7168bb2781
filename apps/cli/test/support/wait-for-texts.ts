import { once } from 'node:events';
import type { FakeSmsProvider } from '@tabline/testkit';

/** Resolves once the fake provider has recorded `count` messages. */
export async function waitForTexts(sms: FakeSmsProvider, count: number) {
  while (sms.messages().length < count) await once(sms.events, 'message');
}
