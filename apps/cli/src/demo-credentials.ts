import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * What `tabline start` and `tabline seed-demo` leave for `tabline pos` and
 * for whoever signs in: the API address, the demo device's token and the demo
 * owner's password, in the data folder (which git ignores). The file is
 * readable by its owner only.
 */
export interface DemoCredentials {
  readonly apiUrl: string | null;
  readonly eventId: string;
  readonly deviceId: string;
  readonly deviceToken: string;
  /** The demo owner's password (made at the first seed). */
  readonly ownerEmail: string;
  readonly ownerPassword: string;
}

export const demoCredentialsPath = (dataDir: string) => join(dataDir, 'demo.json');

export async function readDemoCredentials(dataDir: string): Promise<DemoCredentials | null> {
  try {
    return JSON.parse(await readFile(demoCredentialsPath(dataDir), 'utf8')) as DemoCredentials;
  } catch {
    return null;
  }
}

export async function writeDemoCredentials(dataDir: string, credentials: DemoCredentials) {
  const path = demoCredentialsPath(dataDir);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
}
