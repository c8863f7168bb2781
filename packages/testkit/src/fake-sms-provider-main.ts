/**
 * Runs the fake SMS provider as its own process, for the simulator and the
 * local demo: `node packages/testkit/src/fake-sms-provider-main.ts --port 0`.
 * Prints one JSON line, `{"url", "accountSid", "authToken"}`, once it
 * listens, so the parent process can read where it is; runs until SIGTERM or
 * SIGINT, then closes its connections and exits 0. Bad flags exit 2.
 * Flags and environment variables: see `fake-sms-provider-config.ts`.
 */
import { readFakeSmsProviderConfig } from './fake-sms-provider/fake-sms-provider-config.ts';
import { startFakeSmsProvider } from './fake-sms-provider/fake-sms-provider.ts';

const config = readFakeSmsProviderConfig(process.argv.slice(2), process.env);
if (!config.ok) {
  process.stderr.write(`fake-sms-provider: ${config.error}\n`);
  process.exit(2);
}

const provider = await startFakeSmsProvider(config.value);
const { url, accountSid, authToken } = provider;
process.stdout.write(`${JSON.stringify({ url, accountSid, authToken })}\n`);

const stop = (): void => {
  provider.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`fake-sms-provider: close failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
