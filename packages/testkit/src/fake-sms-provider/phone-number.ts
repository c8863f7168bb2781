/**
 * The sender and recipient formats the fake accepts, as Twilio does for SMS:
 * recipients in E.164 (`+` then up to 15 digits, no leading zero); senders in
 * E.164, as a short code (3 to 8 digits) or as an alphanumeric sender id (up
 * to 11 letters, digits and spaces, at least one letter).
 */
const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

export const isE164 = (number: string): boolean => E164.test(number);

export const isValidSender = (from: string): boolean =>
  E164.test(from) || SHORT_CODE.test(from) || ALPHANUMERIC_SENDER_ID.test(from);
