/**
 * @tabline/testkit: real servers at the edges of the system for tests, the
 * simulator and the local demo. A fake SMS provider that speaks Twilio's
 * Messages API, and a fault-injecting TCP proxy.
 */
export { startFakeSmsProvider } from './fake-sms-provider/fake-sms-provider.ts';
export type {
  FakeSmsProvider,
  FakeSmsProviderEvents,
} from './fake-sms-provider/fake-sms-provider.ts';
export {
  DEMO_ACCOUNT_SID,
  DEMO_AUTH_TOKEN,
  MESSAGING_SERVICE_SENDER,
  resolveFakeSmsProviderOptions,
} from './fake-sms-provider/fake-sms-provider-options.ts';
export type {
  FakeSmsProviderOptions,
  ResolvedFakeSmsProviderOptions,
} from './fake-sms-provider/fake-sms-provider-options.ts';
export * from './fake-sms-provider/fake-sms-provider-limits.ts';
export {
  DEFAULT_FAKE_SMS_SWITCHES,
  FAKE_SMS_MODES,
  parseFakeSmsSwitchesPatch,
} from './fake-sms-provider/fake-sms-switches.ts';
export type {
  FakeSmsFailNext,
  FakeSmsMode,
  FakeSmsSwitches,
  FakeSmsSwitchesPatch,
} from './fake-sms-provider/fake-sms-switches.ts';
export { FAKE_MESSAGE_STATUSES } from './fake-sms-provider/recorded-message.ts';
export type {
  FakeMessageStatus,
  RecordedMessage,
  RecordedStatusCallback,
} from './fake-sms-provider/recorded-message.ts';
export { parseFakeSmsReply, REPLY_GEO_PARAMS } from './fake-sms-provider/fake-sms-reply.ts';
export type { FakeSmsReply, ReplyGeoParam } from './fake-sms-provider/fake-sms-reply.ts';
export {
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  readOptOutKeyword,
} from './fake-sms-provider/opt-out-keywords.ts';
export type { OptOutChange } from './fake-sms-provider/opt-out-keywords.ts';
export type { RecordedReply } from './fake-sms-provider/recorded-reply.ts';
export { REQUEST_OUTCOMES } from './fake-sms-provider/recorded-request.ts';
export type { RecordedRequest, RequestOutcome } from './fake-sms-provider/recorded-request.ts';
export { TWILIO_ERRORS, twilioError } from './fake-sms-provider/twilio-error.ts';
export type { TwilioErrorBody, TwilioErrorCode } from './fake-sms-provider/twilio-error.ts';
export { isValidTwilioSignature, twilioSignature } from './fake-sms-provider/twilio-signature.ts';
export { countSmsSegments } from './fake-sms-provider/count-sms-segments.ts';
export {
  messagesPath,
  toTwilioMessageResource,
  TWILIO_API_VERSION,
} from './fake-sms-provider/twilio-message-resource.ts';
export type { TwilioMessageResource } from './fake-sms-provider/twilio-message-resource.ts';
export type { TwilioMessageList } from './fake-sms-provider/list-messages.ts';
export { readFakeSmsProviderConfig } from './fake-sms-provider/fake-sms-provider-config.ts';

export { startFaultProxy } from './fault-proxy/fault-proxy.ts';
export type { FaultProxy, FaultProxyEvents } from './fault-proxy/fault-proxy.ts';
export { NO_FAULTS, resolveFaultProxyOptions } from './fault-proxy/fault-proxy-options.ts';
export type {
  FaultProxyFaults,
  FaultProxyOptions,
  FaultProxyTarget,
  ResolvedFaultProxyOptions,
} from './fault-proxy/fault-proxy-options.ts';
export type { FaultProxyStats } from './fault-proxy/fault-proxy-stats.ts';
export * as faultProxyLimits from './fault-proxy/fault-proxy-limits.ts';
