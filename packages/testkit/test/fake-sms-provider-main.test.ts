import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { basicAuth } from './twilio-client.ts';

const MAIN = fileURLToPath(new URL('../src/fake-sms-provider-main.ts', import.meta.url));
const ACCOUNT_SID = `AC${'c0ffee'.repeat(5)}ab`;

describe('the fake SMS provider as a process', () => {
  it('prints where it listens, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--account-sid', ACCOUNT_SID], {
      env: { ...process.env, FAKE_SMS_AUTH_TOKEN: 'from-the-environment' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    const started = JSON.parse(line) as { url: string; accountSid: string; authToken: string };
    expect(started).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as string,
      accountSid: ACCOUNT_SID,
      authToken: 'from-the-environment',
    });

    const response = await fetch(
      `${started.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      {
        method: 'POST',
        headers: { authorization: basicAuth(ACCOUNT_SID, 'from-the-environment') },
        body: new URLSearchParams({ To: '+15558675310', From: '+15005550006', Body: 'hi' }),
      },
    );
    expect(response.status).toBe(201);

    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('exits 2 with a message on an invalid flag', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', 'eighty'], { stdio: 'pipe' });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    expect(await once(child, 'exit')).toEqual([2, null]);
    expect(Buffer.concat(stderr).toString()).toMatch(/port/);
  });
});
