import { createTwilioSmsProvider } from '@tabline/workers';
import { ConfigError, readConfig } from '../config.ts';
import { createLogger } from '../create-logger.ts';
import { onShutdownSignal } from '../on-shutdown-signal.ts';
import { runServer } from '../run-server.ts';
import type { ServerRole } from '../run-server.ts';

/**
 * `tabline serve [--api-only | --workers-only]`: the production server. The
 * SMS provider must be configured (TWILIO_*); `tabline start` is the local
 * all-in-one with a fake provider.
 */
export async function serveCommand(options: { apiOnly: boolean; workersOnly: boolean }) {
  const config = readConfig();
  if (!config.twilio) {
    throw new ConfigError(
      'tabline serve needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM ' +
        '(and TWILIO_BASE_URL for a non-Twilio endpoint). For a local demo run: npm start',
    );
  }
  const role: ServerRole = options.apiOnly ? 'api' : options.workersOnly ? 'workers' : 'all';
  const logger = createLogger(config.logLevel);
  const server = await runServer(config, {
    role,
    logger,
    smsProvider: createTwilioSmsProvider(config.twilio),
    smsAuthToken: config.twilio.authToken,
    publicUrl: config.publicUrl,
  });
  onShutdownSignal(
    () => server.stop(),
    (message) => logger.info(message),
  );
}
