/**
 * Validation of a `CreateMessage` request (the form parameters of POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json), answering what Twilio
 * answers for each mistake. Checks run in the order Twilio reports them:
 * recipient, sender, content, options, then the unsubscribed list.
 * Parameters the fake does not use are accepted and ignored, as Twilio does.
 */
import { err, ok } from '@tabline/domain';
import type { Result } from '@tabline/domain';
import {
  MESSAGE_BODY_CHARS_MAX,
  VALIDITY_PERIOD_SECONDS_MAX,
  VALIDITY_PERIOD_SECONDS_MIN,
} from './fake-sms-provider-limits.ts';
import { isE164, isValidSender } from './phone-number.ts';
import { twilioError } from './twilio-error.ts';
import type { TwilioErrorBody } from './twilio-error.ts';
import { MESSAGING_SERVICE_SID_PATTERN } from './twilio-sid.ts';
import { isValidWebhookUrl } from './webhook-url.ts';

export interface CreateMessageRequest {
  readonly to: string;
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  readonly body: string | null;
  readonly mediaUrls: readonly string[];
  readonly contentSid: string | null;
  readonly statusCallback: string | null;
  readonly validityPeriodSeconds: number | null;
}

type Check = Result<null, TwilioErrorBody>;
const passed: Check = ok(null);

/** A parameter's value; Twilio treats an empty value as absent. */
function param(form: URLSearchParams, name: string): string | null {
  const value = form.get(name);
  return value === null || value === '' ? null : value;
}

function readRequest(form: URLSearchParams, to: string): CreateMessageRequest {
  const validityPeriod = param(form, 'ValidityPeriod');
  return {
    to,
    from: param(form, 'From'),
    messagingServiceSid: param(form, 'MessagingServiceSid'),
    body: param(form, 'Body'),
    mediaUrls: form.getAll('MediaUrl').filter((url) => url !== ''),
    contentSid: param(form, 'ContentSid'),
    statusCallback: param(form, 'StatusCallback'),
    validityPeriodSeconds: validityPeriod === null ? null : Number(validityPeriod),
  };
}

function checkSender(request: CreateMessageRequest): Check {
  if (request.from === null && request.messagingServiceSid === null) return err(twilioError(21603));
  if (request.from !== null && !isValidSender(request.from)) {
    return err(
      twilioError(
        21212,
        `The 'From' number ${request.from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
      ),
    );
  }
  const service = request.messagingServiceSid;
  if (service !== null && !MESSAGING_SERVICE_SID_PATTERN.test(service)) {
    return err(twilioError(21705));
  }
  return passed;
}

function checkContent(request: CreateMessageRequest): Check {
  const { body, mediaUrls, contentSid } = request;
  if (body === null && mediaUrls.length === 0 && contentSid === null)
    return err(twilioError(21602));
  if (body !== null && [...body].length > MESSAGE_BODY_CHARS_MAX) return err(twilioError(21617));
  return passed;
}

function checkValidityPeriod(raw: string | null): Check {
  if (raw === null) return passed;
  if (!/^\d+$/.test(raw) || Number(raw) < VALIDITY_PERIOD_SECONDS_MIN) {
    return err(twilioError(90014));
  }
  if (Number(raw) > VALIDITY_PERIOD_SECONDS_MAX) return err(twilioError(90007));
  return passed;
}

function checkOptions(form: URLSearchParams, request: CreateMessageRequest): Check {
  const callback = request.statusCallback;
  if (callback !== null && !isValidWebhookUrl(callback)) return err(twilioError(21609));
  return checkValidityPeriod(param(form, 'ValidityPeriod'));
}

export function parseCreateMessage(
  form: URLSearchParams,
  unsubscribed: ReadonlySet<string>,
): Result<CreateMessageRequest, TwilioErrorBody> {
  const to = param(form, 'To');
  if (to === null) return err(twilioError(21604));
  if (!isE164(to)) return err(twilioError(21211, `Invalid 'To' Phone Number: ${to}`));
  const request = readRequest(form, to);
  for (const check of [checkSender(request), checkContent(request), checkOptions(form, request)]) {
    if (!check.ok) return check;
  }
  if (unsubscribed.has(to)) return err(twilioError(21610));
  return ok(request);
}
