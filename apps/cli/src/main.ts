import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { SIM_USAGE } from './sim/sim-options.ts';

const USAGE = `Usage: tabline <command> [options]

Commands:
  start                 Start everything locally: API, workers, a fake SMS provider,
                        the demo event (embedded PGlite unless DATABASE_URL is set)
  serve                 Run the API and the workers (production; needs TWILIO_*)
    --api-only          only the HTTP API
    --workers-only      only the background workers
  migrate               Apply database migrations and exit
  seed-demo             Seed the demo event; prints its ids and a device token
  pos [command]         Terminal POS on the POS engine (interactive without a command)
  bench [name]          Run the benchmarks, or one: commit, drain, memory, ingest, processing
                        (needs a PostgreSQL server: BENCH_DATABASE_URL)
    --devices <n>       ingest: simulated POS devices (50)
    --batch <n>         ingest: orders per push (100)
    --seconds <n>       ingest: length of the sustained run (20)
    --overload-seconds <n>  ingest: length of the run at 3× capacity (15)
${SIM_USAGE}

Configuration is read from the environment; see docs/OPERATING.md.`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { startCommand } = await import('./commands/start-command.ts');
      return startCommand();
    }
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { 'api-only': { type: 'boolean' }, 'workers-only': { type: 'boolean' } },
      });
      const { serveCommand } = await import('./commands/serve-command.ts');
      return serveCommand({
        apiOnly: values['api-only'] ?? false,
        workersOnly: values['workers-only'] ?? false,
      });
    }
    case 'migrate': {
      const { migrateCommand } = await import('./commands/migrate-command.ts');
      return migrateCommand();
    }
    case 'seed-demo': {
      const { seedDemoCommand } = await import('./commands/seed-demo-command.ts');
      return seedDemoCommand();
    }
    case 'bench': {
      const { parseBenchArgs } = await import('./bench/parse-bench-args.ts');
      const { benchCommand } = await import('./bench/bench-command.ts');
      return benchCommand(parseBenchArgs(rest));
    }
    case 'sim': {
      const { parseSimArgs } = await import('./sim/sim-options.ts');
      const { simCommand, simSweep } = await import('./sim/sim-command.ts');
      const options = parseSimArgs(rest, process.env);
      await (options.runs === 1 ? simCommand(options) : simSweep(options));
      return;
    }
    case 'pos': {
      const { posCommand } = await import('./commands/pos-command.ts');
      return posCommand(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
