import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TWILIO_OPENAPI_PATH,
  readTwilioOpenApi,
  twilioOpenApiPath,
} from '../src/twilio-openapi.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("reading Twilio's OpenAPI description", () => {
  it('reads it from TWILIO_OPENAPI_PATH, else from the shared reference copy', async () => {
    vi.stubEnv('TWILIO_OPENAPI_PATH', '');
    expect(twilioOpenApiPath()).toBe(DEFAULT_TWILIO_OPENAPI_PATH);
    const dir = await mkdtemp(join(tmpdir(), 'twilio-openapi-'));
    try {
      const path = join(dir, 'spec.json');
      await writeFile(path, JSON.stringify({ openapi: '3.0.1' }));
      vi.stubEnv('TWILIO_OPENAPI_PATH', path);
      expect(readTwilioOpenApi()).toEqual({ openapi: '3.0.1' });
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('fails, naming the path and the variable, when the file is missing', () => {
    vi.stubEnv('TWILIO_OPENAPI_PATH', '/nonexistent/twilio_api_v2010.json');
    expect(() => readTwilioOpenApi()).toThrow(
      /not at \/nonexistent\/twilio_api_v2010\.json\. Set TWILIO_OPENAPI_PATH/,
    );
  });
});
