import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDatabase } from '../database.ts';
import { gql, openTestBackend, type TestBackend } from '../testing/backends.ts';
import { writeFixture } from '../testing/fixtures.ts';
import { DEFAULT_LIMITS } from '../config.ts';
import { createApiServer, type ApiServer } from './server.ts';

describe('the protections', () => {
  let backend: TestBackend;
  let api: ApiServer;
  beforeAll(async () => {
    backend = await openTestBackend('pglite');
    await writeFixture(backend.writer);
    api = backend.api({ limits: { maxDepth: 8, maxAliases: 5, maxTokens: 400, maxDirectives: 4, maxCost: 1000 } });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  const rejected = async (query: string, variables?: Record<string, unknown>) => {
    const res = await gql(api, query, variables);
    expect(res.status).not.toBe(500);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    return res.errors![0]!.message;
  };

  it('refuse a query nested deeper than the depth limit', async () => {
    const query = `{ blobs { nodes { blobIdStatus { objects { blobIdStatus { objects { blobIdStatus { objects { objectId } } } } } } } } }`;
    expect(await rejected(query)).toMatch(/Query depth limit of 8 exceeded/);
  });

  it('refuse more aliases than allowed', async () => {
    const query = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: currentEpoch { epoch }`).join(' ')} }`;
    expect(await rejected(query)).toMatch(/Aliases limit of 5 exceeded/);
  });

  it('refuse a document with too many tokens', async () => {
    const query = `{ ${Array.from({ length: 200 }, () => 'serviceConfig { maxDepth }').join(' ')} }`;
    expect(await rejected(query)).toMatch(/Token limit of 400 exceeded/);
  });

  it('refuse too many directives', async () => {
    const query = `{ currentEpoch { epoch ${Array.from({ length: 5 }, () => '@include(if: true)').join(' ')} } }`;
    expect(await rejected(query)).toMatch(/Directives limit of 4 exceeded/);
  });

  it('refuse a query whose estimated cost is above the limit', async () => {
    const query = `{ storageNodes(first: 100) { nodes { exchangeRates(first: 100) { nodes { epoch rate } } } } }`;
    expect(await rejected(query)).toMatch(/Query Cost limit of 1000 exceeded/);
  });

  it('refuse page sizes that multiply through nested connections beyond the output limit, from variables too', async () => {
    // Page sizes in variables are invisible to the cost estimate, which only sees literals.
    const query = `query($a: Int, $n: Int) { storageNodes(first: $a) { nodes { exchangeRates(first: $n) { nodes { epoch } } } } }`;
    expect(await rejected(query, { a: 1000, n: 1000 })).toBe(
      'the query could return about 1002001 objects (page sizes multiply through nested connections), more than the ' +
        'limit of 200000; ask for smaller pages or fewer nested connections',
    );
    const res = await gql(api, query, { a: 1000, n: 1000 });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'OUTPUT_LIMIT_EXCEEDED' });
    const allowed = await gql(api, query, { a: 1000, n: 10 });
    expect(allowed.errors).toBeUndefined();
  });

  it('answer 413 to a request body above the size limit, before parsing it', async () => {
    const small = backend.api({ limits: { maxRequestBytes: 1024 } });
    const response = await small.yoga.fetch('http://api.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ currentEpoch { epoch } }`, variables: { pad: 'x'.repeat(2000) } }),
    });
    expect(response.status).toBe(413);
  });

  it('mask unexpected errors: no message, stack or detail reaches the client', async () => {
    const broken: ApiDatabase = {
      kind: 'postgres',
      statementTimeoutMs: 5000,
      openSnapshot: () => Promise.reject(new Error('password=hunter2 at /srv/secret.ts:12')),
      close: async () => undefined,
    };
    const server = createApiServer({ database: broken, logging: false, processMetrics: false });
    const res = await gql(server, `{ currentEpoch { epoch } }`);
    expect(res.status).toBe(200);
    expect(res.errors).toEqual([
      expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ]);
    expect(JSON.stringify(res)).not.toMatch(/hunter2|secret|stack/);
  });

  it('explain unknown fields and wrong argument types instead of failing', async () => {
    expect(await rejected(`{ currentEpoch { epoc } }`)).toBe(
      'Cannot query field "epoc" on type "Epoch". Did you mean "epoch"?',
    );
    expect(await rejected(`{ epoch(number: "two") { epoch } }`)).toMatch(
      /Int cannot represent non-integer value: "two"/,
    );
    expect(
      await rejected(`query($o: BlobOrder) { blobs(orderBy: $o) { totalCount } }`, { o: { field: 'COLOUR' } }),
    ).toMatch(/Value "COLOUR" does not exist in "BlobOrderField" enum/);
  });

  it('allow configured CORS origins and no others', async () => {
    const server = createApiServer({
      database: broken(),
      corsOrigins: ['https://explorer.example'],
      logging: false,
      processMetrics: false,
    });
    const preflight = (origin: string) =>
      server.yoga.fetch('http://api.test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await preflight('https://explorer.example')).headers.get('access-control-allow-origin')).toBe(
      'https://explorer.example',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).not.toBe(
      'https://evil.example',
    );
  });

  it('serve GraphiQL, /healthz with the indexed checkpoint, and Prometheus metrics', async () => {
    const page = await api.yoga.fetch('http://api.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/GraphiQL|graphiql/);
    const health = await api.yoga.fetch('http://api.test/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite', checkpoint: '98' });
    await gql(api, `{ currentEpoch { epoch } }`);
    const metrics = await (await api.yoga.fetch('http://api.test/metrics')).text();
    expect(metrics).toMatch(/walrus_api_graphql_operations_total\{type="query",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/walrus_api_graphql_operation_duration_seconds_bucket/);
  });

  it('serve a GraphiQL page that loads nothing from another host, so it works offline', async () => {
    const page = await api.yoga.fetch('http://api.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>Walrus index</title>');
    expect(externalReferences(html)).toEqual([]);
    // The check itself catches what yoga's default page does (scripts and styles from a CDN).
    expect(
      externalReferences('<link rel="stylesheet" href="https://cdn.example/a.css"><script src="//cdn.example/b.js">'),
    ).toEqual(['https://cdn.example/a.css', '//cdn.example/b.js']);
  });

  it('report an unreachable database as 503 on /healthz', async () => {
    const server = createApiServer({ database: broken(), logging: false, processMetrics: false });
    const health = await server.yoga.fetch('http://api.test/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', error: 'database down' });
  });

  it('use the default limits when none are given', () => {
    const server = createApiServer({ database: broken(), logging: false, processMetrics: false });
    expect(server.limits).toEqual(DEFAULT_LIMITS);
  });
});

/**
 * URLs on other hosts that an HTML page makes the browser load: `src` / `href` attributes of its tags, and
 * `url(...)` / `@import` in its inline styles. Inline script bodies are skipped (their string literals are data).
 */
function externalReferences(html: string): string[] {
  const external = /^(https?:)?\/\//i;
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2');
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]!).join('\n');
  const attributes = [...markup.matchAll(/<[a-z][^>]*?\s(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
  const cssUrls = [...styles.matchAll(/(?:url\(\s*|@import\s+)["']?([^"')\s;]+)/gi)].map((m) => m[1]!);
  return [...attributes, ...cssUrls].filter((url) => external.test(url));
}

function broken(): ApiDatabase {
  return {
    kind: 'postgres',
    statementTimeoutMs: 5000,
    openSnapshot: () => Promise.reject(new Error('database down')),
    close: async () => undefined,
  };
}
