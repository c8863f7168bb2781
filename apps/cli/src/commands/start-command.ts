import { join } from 'node:path';
import { DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, startFakeSmsProvider } from '@tabline/testkit';
import { SMS_INBOUND_PATH } from '@tabline/protocol';
import { DEMO, serverFaultsOn } from '@tabline/server';
import { createTwilioSmsProvider } from '@tabline/workers';
import type { SmsProvider } from '@tabline/workers';
import { readConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../create-logger.ts';
import { onShutdownSignal } from '../on-shutdown-signal.ts';
import { runServer } from '../run-server.ts';
import { seedDemoAndSave } from './seed-demo-command.ts';

/** The demo's sender number, in the 555-01xx range kept for fiction. */
const DEMO_SENDER = '+15550100999';

/**
 * `tabline start` (`npm start`): everything on one machine with nothing
 * installed. The embedded PGlite unless DATABASE_URL is set; the fake SMS
 * provider unless TWILIO_* is set; the API and the workers in this process;
 * the demo event seeded. Prints what to open.
 */
export async function startCommand() {
  const config = readConfig();
  const logFile = join(config.dataDir, 'tabline.log');
  const logger = createLogger(config.logLevel, logFile);
  // The fake provider runs here, so it reaches the API where it listens.
  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const sms = await startSmsProvider(config, publicUrl);
  const server = await runServer(config, {
    role: 'all',
    logger,
    smsProvider: sms.provider,
    smsAuthToken: sms.authToken,
    publicUrl,
  });
  const seeded = await seedDemoAndSave(server.database, config, server.url);
  console.log(banner(config, server.url!, sms.inboxUrl, seeded, logFile));
  onShutdownSignal(
    async () => {
      await server.stop();
      await sms.stop();
    },
    (message) => console.log(message),
  );
}

async function startSmsProvider(config: Config, publicUrl: string) {
  if (config.twilio) {
    return {
      provider: createTwilioSmsProvider(config.twilio),
      authToken: config.twilio.authToken,
      inboxUrl: null,
      stop: async () => {},
    };
  }
  // Replies to the demo sender (STOP, START) reach the API like Twilio's would.
  const fake = await startFakeSmsProvider({
    port: config.fakeSmsPort,
    incomingMessageUrl: publicUrl + SMS_INBOUND_PATH,
  });
  const provider: SmsProvider = createTwilioSmsProvider({
    baseUrl: fake.url,
    accountSid: DEMO_ACCOUNT_SID,
    authToken: DEMO_AUTH_TOKEN,
    from: DEMO_SENDER,
  });
  return {
    provider,
    authToken: DEMO_AUTH_TOKEN,
    inboxUrl: `${fake.url}/_fake/messages`,
    stop: () => fake.close(),
  };
}

function banner(
  config: Config,
  apiUrl: string,
  inboxUrl: string | null,
  seeded: { deviceToken: string; ownerPassword: string },
  logFile: string,
) {
  const database =
    config.database.kind === 'pglite'
      ? `embedded PGlite in ${config.database.dataDir}`
      : 'PostgreSQL (DATABASE_URL)';
  const bands = DEMO.attendees.map((attendee) => attendee.wristbandUid);
  return `
Tabline is running on ${database}.
${webApps(config, apiUrl)}
  API              ${apiUrl}
  API reference    ${apiUrl}/docs
  Health           ${apiUrl}/healthz
  ${inboxUrl ? `Fake SMS inbox   ${inboxUrl}` : 'SMS              Twilio (TWILIO_*)'}

  Demo event       ${DEMO.event.name} (${DEMO.event.currency}), wristbands ${bands[0]} to ${bands.at(-1)}
  Device token     ${seeded.deviceToken.slice(0, 14)}… (saved in ${join(config.dataDir, 'demo.json')})
  Staff sign-in    ${DEMO.owner.email} / ${seeded.ownerPassword} (owner; POST /v1/sessions)

Take an order from another terminal:
  npx tabline pos                       interactive terminal POS (type help)
  npx tabline pos order TL0001 lager:2  one order, then: npx tabline pos sync

Logs go to ${logFile}. Ctrl-C stops.${faultWarning(config)}`;
}

function webApps(config: Config, apiUrl: string): string {
  if (config.webAppsDir === null) {
    return '\n  Web apps         not built: npm run build -w @tabline/web, then start again\n';
  }
  return `
  POS app          ${apiUrl}/pos/        (pair it with a code from the dashboard's Devices page)
  Dashboard        ${apiUrl}/dashboard/  (sign in with the staff account below)
`;
}

/** The log says it too, but `start` logs to a file: the terminal must say it as well. */
function faultWarning(config: Config): string {
  const on = serverFaultsOn(config.serverFaults);
  return on.length === 0
    ? ''
    : `\n\nFAULT INJECTION ON (${on.join(', ')}): this server breaks its guarantees on purpose, ` +
        'for testing only (docs/OPERATING.md). Never take real sales with it.';
}
