/**
 * The fake signs its webhooks as Twilio does, with the one implementation of
 * Twilio's signature Tabline has (the server checks webhooks with it); the
 * testkit's tests hold it to Twilio's published example.
 */
export { isValidTwilioSignature, twilioSignature } from '@tabline/server';
