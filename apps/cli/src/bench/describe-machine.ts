/**
 * The machine a benchmark ran on, as a markdown table for BENCHMARKS.md:
 * figures are only ever compared within one run, but a reader needs to know
 * what "one run" was.
 */
import { cpus, release, totalmem } from 'node:os';
import pg from 'pg';

export async function describeMachine(databaseUrl: string): Promise<string> {
  const processors = cpus();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; synchronous_commit: string }>(
      `select split_part(version(), ' on ', 1) as version,
              current_setting('synchronous_commit') as synchronous_commit`,
    );
    const database = rows[0]!;
    return (
      `### The machine\n\n| | |\n| --- | --- |\n` +
      `| date | ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC |\n` +
      `| processors | ${processors.length} × ${processors[0]?.model ?? 'unknown'} |\n` +
      `| memory | ${Math.round(totalmem() / 2 ** 30)} GiB |\n` +
      `| kernel | Linux ${release()} |\n` +
      `| Node.js | ${process.version} |\n` +
      `| database | ${database.version}, synchronous_commit = ${database.synchronous_commit} |\n`
    );
  } finally {
    await client.end();
  }
}
