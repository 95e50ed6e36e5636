// `indexer run ...`: parse and validate the configuration, read the package ids from the chain when a Walrus
// preset lacks them, then index the deployment's events and walrus domain tables until the range ends (exit 0),
// a signal stops it (exit 0 after the current batch), or an error stops it (exit 1, the error logged with its
// checkpoint).
import { ConfigError, type ConfigPlan, type IndexerConfig, planConfig } from '../config/config.ts';
import { runConfiguredIndexer } from '../app.ts';
import { PROGRESS_BAR_REFRESH_MS, TtyProgressBar } from '../metrics/progress.ts';
import { discoverWalrusPackages } from '../sources/package-discovery.ts';
import { createLogger } from '../util/log.ts';
import { walrusIndexerExtensions } from '../walrus/extensions.ts';
import { parseCommandLine, USAGE, UsageError } from './args.ts';
import { stopSignalHandler } from './signals.ts';

async function main(): Promise<number> {
  let plan: ConfigPlan;
  let configured: IndexerConfig | undefined;
  try {
    const command = parseCommandLine(process.argv.slice(2));
    if (command.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    plan = planConfig(command.raw, process.env);
    if (plan.discovery === undefined) configured = plan.complete();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // On a terminal, backfill progress is a bar on stderr redrawn in place; otherwise (logs to a file, a pipe, a
  // service manager) it is the periodic log line.
  const bar = process.stderr.isTTY && plan.progressIntervalMs > 0 ? new TtyProgressBar(process.stderr) : undefined;
  // Log lines to the same terminal go above the bar instead of through it.
  const log = createLogger(
    plan.logLevel,
    bar && process.stdout.isTTY ? { write: (line) => bar.aboveBar(line) } : undefined,
  );
  const stop = new AbortController();
  const onSignal = stopSignalHandler({ stop, log });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const config =
      configured ?? plan.complete(await discoverWalrusPackages({ ...plan.discovery!, log, signal: stop.signal }));
    await runConfiguredIndexer(
      config,
      log,
      {
        ...walrusIndexerExtensions(config.deployment),
        progress: bar && { report: bar.report, intervalMs: PROGRESS_BAR_REFRESH_MS },
      },
      stop.signal,
    );
    return 0;
  } catch (error) {
    if (stop.signal.aborted) return 0;
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
      `indexer crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
