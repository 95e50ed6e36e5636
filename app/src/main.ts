// `npm start`: the indexer and the GraphQL API together (see run.ts). Exit codes: 0 after Ctrl-C / SIGTERM (the
// indexer's current batch is committed first), 1 when something fails, 2 on invalid options.
import { createLogger, discoverWalrusPackages } from '@open-walrus/indexer';
import { planStartOptions, type StartOptions, StartOptionsError, USAGE } from './options.ts';
import { runMainJob, StartError } from './run.ts';

async function main(): Promise<number> {
  let plan;
  let options: StartOptions | undefined;
  try {
    plan = planStartOptions(process.argv.slice(2), process.env);
    if (plan !== 'help' && plan.discovery === undefined) options = plan.complete();
  } catch (error) {
    if (!(error instanceof StartOptionsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (plan === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = createLogger(plan.logLevel);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      // A second Ctrl-C: leave now. Committed batches are safe; the one in flight is rolled back.
      process.exit(130);
    }
    log.info({ signal }, 'stopping after the current batch');
    stop.abort(new Error(`stopped by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (options === undefined) {
      // A testnet / mainnet preset without --package: the package ids come from the System object first.
      const discovered = await discoverWalrusPackages({ ...plan.discovery!, log, signal: stop.signal });
      try {
        options = plan.complete(discovered);
      } catch (error) {
        if (!(error instanceof StartOptionsError)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
    }
    await runMainJob(options, log, stop.signal, (text) => process.stdout.write(text));
    return 0;
  } catch (error) {
    if (stop.signal.aborted) return 0;
    if (error instanceof StartError) {
      log.error(error.message);
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    log.error({ err: error }, error instanceof Error ? error.message : String(error));
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `npm start crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
