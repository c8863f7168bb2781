/**
 * Twilio's own OpenAPI description of its REST API v2010, the contract the
 * fake SMS provider and Tabline's Twilio client are tested against. It is
 * read at test time from outside the repository (Twilio's file, 1.9 MB, not
 * ours to vendor): from TWILIO_OPENAPI_PATH, else the shared reference copy.
 *
 * A missing file fails the test that needs it, saying where it looked and
 * how to point elsewhere, rather than skipping: a contract check that can
 * quietly not run is one nobody notices has stopped running.
 */
import { existsSync, readFileSync } from 'node:fs';

export const DEFAULT_TWILIO_OPENAPI_PATH = '/work/shared/reference/twilio/twilio_api_v2010.json';

/** Where the description is read from: TWILIO_OPENAPI_PATH, else the default. */
export function twilioOpenApiPath(): string {
  return process.env['TWILIO_OPENAPI_PATH'] || DEFAULT_TWILIO_OPENAPI_PATH;
}

/** The parsed description; callers narrow it to the parts they read. */
export function readTwilioOpenApi(): unknown {
  const path = twilioOpenApiPath();
  if (!existsSync(path)) {
    throw new Error(
      `Twilio's OpenAPI description (twilio_api_v2010.json, from github.com/twilio/twilio-oai) ` +
        `is not at ${path}. Set TWILIO_OPENAPI_PATH to where it is; ` +
        `tests of the Twilio contract cannot run without it.`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}
