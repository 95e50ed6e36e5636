import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ApiConfigError, DEFAULT_LIMITS, parseApiConfig } from './config.ts';

describe('the API configuration', () => {
  it('defaults to PGlite on localhost:4000 with the documented limits', () => {
    expect(parseApiConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4000,
      database: { kind: 'pglite', dataDir: 'indexer-data' },
      corsOrigins: ['*'],
      pollIntervalMs: 1000,
      workers: 1,
      limits: DEFAULT_LIMITS,
    });
    expect(DEFAULT_LIMITS).toMatchObject({ defaultPageSize: 50, maxPageSize: 1000 });
  });

  it('switches to Postgres when DATABASE_URL is set, and reads every limit', () => {
    const config = parseApiConfig({
      DATABASE_URL: 'postgres://u@db:5432/walrus',
      DATABASE_POOL_SIZE: '8',
      DATABASE_SCHEMA: 'walrus_testnet',
      API_PORT: '0',
      API_CORS_ORIGINS: 'https://a.example, http://localhost:3000',
      API_MAX_PAGE_SIZE: '200',
      API_MAX_TOTAL_COUNT: '500',
      API_STATEMENT_TIMEOUT_MS: '250',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/walrus',
      schema: 'walrus_testnet',
      poolSize: 8,
    });
    expect(config.port).toBe(0);
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(config.limits).toMatchObject({ maxPageSize: 200, maxTotalCount: 500, statementTimeoutMs: 250 });
  });

  it('runs several API workers only over Postgres, "auto" meaning one per core', () => {
    const postgres = { DATABASE_URL: 'postgres://u@db:5432/walrus' };
    expect(parseApiConfig({ ...postgres, API_WORKERS: '3' }).workers).toBe(3);
    expect(parseApiConfig({ ...postgres, API_WORKERS: 'auto' }).workers).toBe(availableParallelism());
    expect(parseApiConfig({ API_WORKERS: '1' }).workers).toBe(1);
    for (const bad of ['0', '-2', '1.5', 'many', '']) {
      expect(() => parseApiConfig({ ...postgres, API_WORKERS: bad }), bad).toThrow(
        'API_WORKERS: API_WORKERS must be a whole number greater than 0, or "auto" (one process per CPU core)',
      );
    }
    for (const workers of ['2', 'auto']) {
      expect(() => parseApiConfig({ API_WORKERS: workers })).toThrow(
        'API_WORKERS: API_WORKERS above 1 needs Postgres (set DATABASE_URL): the embedded PGlite serves one process only',
      );
    }
  });

  it('lists every invalid variable in one error', () => {
    const attempt = () =>
      parseApiConfig({
        API_PORT: '70000',
        DATABASE_URL: 'mysql://x',
        DATABASE_SCHEMA: 'Bad-Name',
        API_MAX_DEPTH: '0',
        API_STATEMENT_TIMEOUT_MS: 'soon',
      });
    expect(attempt).toThrow(ApiConfigError);
    expect(attempt).toThrow(
      [
        'Invalid API configuration:',
        '  API_PORT: API_PORT must be between 0 and 65535',
        '  DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://',
        '  DATABASE_SCHEMA: DATABASE_SCHEMA must be a lowercase SQL identifier',
        '  API_MAX_DEPTH: API_MAX_DEPTH must be greater than 0',
        '  API_STATEMENT_TIMEOUT_MS: API_STATEMENT_TIMEOUT_MS must be a number',
      ].join('\n'),
    );
  });

  it('refuses a default page larger than the maximum, and CORS entries that are not origins', () => {
    expect(() => parseApiConfig({ API_DEFAULT_PAGE_SIZE: '100', API_MAX_PAGE_SIZE: '50' })).toThrow(
      /API_DEFAULT_PAGE_SIZE: API_DEFAULT_PAGE_SIZE must not exceed API_MAX_PAGE_SIZE/,
    );
    expect(() => parseApiConfig({ API_CORS_ORIGINS: 'https://a.example/path' })).toThrow(
      'API_CORS_ORIGINS entry "https://a.example/path" is not an origin: use scheme://host[:port] (no path), or "*"',
    );
    expect(() => parseApiConfig({ API_CORS_ORIGINS: ' , ' })).toThrow(/must list at least one origin/);
  });
});
