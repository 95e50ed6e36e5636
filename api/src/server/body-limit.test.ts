import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../testing/backends.ts';
import { writeFixture } from '../testing/fixtures.ts';
import type { ApiServer } from './server.ts';

const LIMIT = 1024;

/** A POST over loopback HTTP: the body in the given chunks, with a Content-Length or chunked. */
function post(
  server: Server,
  chunks: string[],
  framing: 'content-length' | 'chunked',
): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  const length = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(framing === 'content-length' ? { 'content-length': String(length) } : {}),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    // A request that is refused while it is still being sent may see its socket closed under it.
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** A request body of exactly `size` bytes (a valid query, padded with spaces). */
const bodyOf = (size: number) => {
  const json = JSON.stringify({ query: '{ serviceConfig { maxRequestBytes } }' });
  return json.slice(0, -1) + ' '.repeat(size - json.length) + '}';
};

describe('the request-size limit', () => {
  let backend: TestBackend;
  let api: ApiServer;
  let server: Server;
  beforeAll(async () => {
    backend = await openTestBackend('pglite');
    await writeFixture(backend.writer);
    api = backend.api({ limits: { maxRequestBytes: LIMIT } });
    server = createServer(api.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await backend.dispose();
  });

  it('answer a body of exactly the limit, with a Content-Length or chunked', async () => {
    expect(Buffer.byteLength(bodyOf(LIMIT))).toBe(LIMIT);
    for (const framing of ['content-length', 'chunked'] as const) {
      const res = await post(server, [bodyOf(LIMIT)], framing);
      expect(res.status, framing).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ data: { serviceConfig: { maxRequestBytes: LIMIT } } });
    }
  });

  it('answer 413 to a Content-Length above the limit, saying the limit', async () => {
    const res = await post(server, [bodyOf(LIMIT + 1)], 'content-length');
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).errors[0].message).toBe(
      `the request body is larger than the limit of ${LIMIT} bytes; send a smaller query`,
    );
  });

  it('count a chunked body as it arrives and answer 413 once it passes the limit', async () => {
    const body = bodyOf(3 * LIMIT);
    const res = await post(server, [body.slice(0, 1000), body.slice(1000, 2000), body.slice(2000)], 'chunked');
    expect(res.status).toBe(413);
    expect(res.body).toContain(`larger than the limit of ${LIMIT} bytes`);
  });

  it('count a streamed body handed to yoga.fetch, which no HTTP parser has framed', async () => {
    const bytes = new TextEncoder().encode(bodyOf(2 * LIMIT));
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, 700));
          controller.enqueue(bytes.slice(700));
          controller.close();
        },
      });
    const over = await api.yoga.fetch('http://api.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream(),
      duplex: 'half',
    } as RequestInit);
    expect(over.status).toBe(413);
    // A Content-Length that understates the body does not get it past the count either.
    const lying = await api.yoga.fetch('http://api.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '10' },
      body: stream(),
      duplex: 'half',
    } as RequestInit);
    expect(lying.status).toBe(413);
  });

  it('answer 400 to a Content-Length that is not one whole number', async () => {
    const res = await api.yoga.fetch('http://api.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '12, 12' },
      body: bodyOf(100),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/Content-Length/);
  });
});
