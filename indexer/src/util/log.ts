// Structured logging (pino). Components take a `Logger` so tests can pass a silent one.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { service: 'open-walrus-indexer' } });
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
