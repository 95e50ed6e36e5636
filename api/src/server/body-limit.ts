// The request-size limit. A body whose Content-Length is above the limit is refused before it is read. Only a
// body of unknown length is counted as it streams: a request that came through Node's HTTP server with a valid
// Content-Length cannot carry more (Node's parser reads exactly that many bytes, and refuses a request that also
// says Transfer-Encoding), so counting its bytes again would only cost time. yoga's own limit streams every body
// through a counting transform, a tenth of a millisecond of CPU per request.
import { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiContext } from '../context.ts';

const CONTENT_LENGTH = /^\d+$/;

function tooLarge(limit: number) {
  return new GraphQLError(`the request body is larger than the limit of ${limit} bytes; send a smaller query`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/** The request with its body counted as it is read, failing with 413 past `limit` bytes. */
function countedRequest(
  request: Request,
  limit: number,
  fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream },
): Request {
  let read = 0;
  // A native stream (a request built by the platform's fetch) pipes into a native transform; the server's own
  // request objects come with the server's stream classes.
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > limit) controller.error(tooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}

export function bodyLimitPlugin(limit: number): Plugin<ApiContext> {
  return {
    onRequestParse({ request, serverContext, requestParser, setRequestParser, fetchAPI }) {
      const length = request.headers.get('content-length');
      if (length !== null) {
        if (!CONTENT_LENGTH.test(length)) {
          throw new GraphQLError(`Content-Length must be one whole number of bytes, got ${JSON.stringify(length)}`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(length) > limit) throw tooLarge(limit);
        if ((serverContext as { req?: unknown }).req instanceof IncomingMessage) return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => parse(countedRequest(req, limit, fetchAPI)));
    },
  };
}
