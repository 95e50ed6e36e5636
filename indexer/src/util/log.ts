// Structured logging (pino). Components take a `Logger` so tests can pass a silent one.
import { pino } from 'pino';

export type Logger = pino.Logger;

/** JSON lines on stdout, or into `destination` (e.g. above the terminal progress bar). */
export function createLogger(level: string = 'info', destination?: { write(line: string): void }): Logger {
  const options = { level, base: { service: 'open-walrus-indexer' } };
  return destination ? pino(options, destination) : pino(options);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
