/**
 * A person at the event, with a phone number for receipts and a card on file.
 * An attendee has one tab per event and one or more wristbands.
 */
export interface Attendee {
  readonly id: string;
  readonly name: string;
  /** E.164, such as `+14155550100`; null if they gave none (no receipts). */
  readonly phone: string | null;
  readonly tier: AttendeeTier;
}

export type AttendeeTier = 'standard' | 'vip';

const E164 = /^\+[1-9][0-9]{6,14}$/;

export function isE164(phone: string): boolean {
  return E164.test(phone);
}
