// Test support: a fake Sui full node on loopback speaking binary gRPC-web (the protocol of `SuiGrpcClient`'s
// default transport: HTTP POST /<service>/<method>, length-prefixed protobuf frames, status in a trailer frame),
// with real `sui.rpc.v2` messages encoded by the SDK's own protobuf types. It serves GetServiceInfo,
// GetCheckpoint, ListCheckpoints and SubscribeCheckpoints over an in-memory chain, GetObject over an in-memory
// object store (applying the request's read mask as a node does), and can inject failures.
import { GrpcTypes } from '@mysten/sui/grpc';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Checkpoint } from '../checkpoint/codec.ts';

/** gRPC status codes used by the fake. */
export const GRPC_STATUS = { OK: 0, NOT_FOUND: 5, INTERNAL: 13, UNAVAILABLE: 14, UNIMPLEMENTED: 12 } as const;

interface Subscriber {
  response: ServerResponse;
}

export interface FakeFullNodeOptions {
  /** Answer ListCheckpoints with UNIMPLEMENTED (older nodes). */
  listUnimplemented?: boolean;
  /** ListCheckpoints returns at most this many checkpoints per call, then ends with SCAN_LIMIT. */
  scanLimit?: number;
  /** Checkpoints below this were pruned. */
  lowestAvailable?: bigint;
}

/** GetObject's read mask when the request has none (as documented for `sui.rpc.v2.LedgerService`). */
const DEFAULT_OBJECT_MASK = ['object_id', 'version', 'digest'];

const camel = (field: string) => field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * The fields of `message` named by `paths` (proto field names, `a.b` for a field of a sub-message), as a node
 * answers a read mask: everything else left out.
 */
export function applyReadMask(message: object, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    const key = camel(head!);
    const value = (message as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (rest.length === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) out[key] = value;
    else out[key] = { ...(out[key] as object | undefined), ...applyReadMask(value, [rest.join('.')]) };
  }
  return out;
}

function frame(flag: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header[0] = flag;
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

function trailer(status: number, message = ''): Buffer {
  return frame(0x80, Buffer.from(`grpc-status:${status}\r\ngrpc-message:${encodeURIComponent(message)}\r\n`, 'ascii'));
}

async function readRequest(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length < 5) return new Uint8Array();
  return body.subarray(5, 5 + body.readUInt32BE(1));
}

export class FakeFullNode {
  readonly chain = new Map<bigint, Checkpoint>();
  /** What GetObject serves, by normalised object id (the latest version of each object). */
  readonly objects = new Map<string, GrpcTypes.Object>();
  readonly requests: Array<{ method: string; request: object }> = [];
  options: FakeFullNodeOptions;
  /** Calls to fail with UNAVAILABLE before serving normally again. */
  failNextCalls = 0;
  /** Runs when a subscription is opened, before it is registered (to publish checkpoints it will miss). */
  onSubscribe: (() => void) | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private server: Server | undefined;

  constructor(checkpoints: Iterable<Checkpoint>, options: FakeFullNodeOptions = {}) {
    for (const checkpoint of checkpoints) this.chain.set(checkpoint.sequenceNumber!, checkpoint);
    this.options = options;
  }

  get tip(): bigint | undefined {
    let tip: bigint | undefined;
    for (const seq of this.chain.keys()) if (tip === undefined || seq > tip) tip = seq;
    return tip;
  }

  /** Serves `object` from GetObject (replacing an older version of it). */
  putObject(object: GrpcTypes.Object): void {
    this.objects.set(normalizeSuiAddress(object.objectId!), object);
  }

  /** Adds a checkpoint at the tip and pushes it to every open subscription. */
  publish(checkpoint: Checkpoint): void {
    this.chain.set(checkpoint.sequenceNumber!, checkpoint);
    const message = GrpcTypes.SubscribeCheckpointsResponse.toBinary({ cursor: checkpoint.sequenceNumber, checkpoint });
    for (const subscriber of this.subscribers) subscriber.response.write(frame(0, message));
  }

  /** Sends a message to every open subscription without adding it to the chain (a misbehaving node). */
  pushRaw(cursor: bigint, checkpoint: Checkpoint): void {
    const message = GrpcTypes.SubscribeCheckpointsResponse.toBinary({ cursor, checkpoint });
    for (const subscriber of this.subscribers) subscriber.response.write(frame(0, message));
  }

  /** Cuts every open subscription (as a node restart or a proxy timeout would). */
  dropSubscriptions(): void {
    for (const subscriber of this.subscribers) subscriber.response.destroy();
    this.subscribers.clear();
  }

  get subscriptionCount(): number {
    return this.subscribers.size;
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.dropSubscriptions();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readRequest(request);
    const method = (request.url ?? '').replace(/^\//, '');
    if (request.headers['content-type'] !== 'application/grpc-web+proto') {
      response.writeHead(415).end('this fake node speaks binary gRPC-web (application/grpc-web+proto) only');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/grpc-web+proto' });
    if (this.failNextCalls > 0) {
      this.failNextCalls--;
      response.end(trailer(GRPC_STATUS.UNAVAILABLE, 'injected failure'));
      return;
    }
    switch (method) {
      case 'sui.rpc.v2.LedgerService/GetServiceInfo': {
        this.requests.push({ method, request: GrpcTypes.GetServiceInfoRequest.fromBinary(body) });
        const info = GrpcTypes.GetServiceInfoResponse.toBinary({
          chainId: 'fake',
          chain: 'localnet',
          checkpointHeight: this.tip,
          lowestAvailableCheckpoint: this.options.lowestAvailable ?? 0n,
        });
        response.end(Buffer.concat([frame(0, info), trailer(GRPC_STATUS.OK)]));
        return;
      }
      case 'sui.rpc.v2.LedgerService/GetCheckpoint': {
        const input = GrpcTypes.GetCheckpointRequest.fromBinary(body);
        this.requests.push({ method, request: input });
        const seq = input.checkpointId.oneofKind === 'sequenceNumber' ? input.checkpointId.sequenceNumber : -1n;
        const checkpoint = this.available(seq);
        if (!checkpoint) {
          response.end(trailer(GRPC_STATUS.NOT_FOUND, `checkpoint ${seq} not found`));
          return;
        }
        response.end(
          Buffer.concat([frame(0, GrpcTypes.GetCheckpointResponse.toBinary({ checkpoint })), trailer(GRPC_STATUS.OK)]),
        );
        return;
      }
      case 'sui.rpc.v2.LedgerService/ListCheckpoints': {
        const input = GrpcTypes.ListCheckpointsRequest.fromBinary(body);
        this.requests.push({ method, request: input });
        if (this.options.listUnimplemented) {
          response.end(trailer(GRPC_STATUS.UNIMPLEMENTED, 'method not implemented'));
          return;
        }
        const start = input.startCheckpoint ?? 0n;
        const end = input.endCheckpoint ?? (this.tip ?? -1n) + 1n;
        const limit = this.options.scanLimit ?? Number.MAX_SAFE_INTEGER;
        const frames: Buffer[] = [];
        let sent = 0;
        for (let seq = start; seq < end && sent < limit; seq++, sent++) {
          const checkpoint = this.available(seq);
          if (!checkpoint) break;
          frames.push(frame(0, GrpcTypes.ListCheckpointsResponse.toBinary({ checkpoint })));
        }
        if (sent >= limit) {
          frames.push(
            frame(
              0,
              GrpcTypes.ListCheckpointsResponse.toBinary({ end: { reason: GrpcTypes.QueryEndReason.SCAN_LIMIT } }),
            ),
          );
        }
        response.end(Buffer.concat([...frames, trailer(GRPC_STATUS.OK)]));
        return;
      }
      case 'sui.rpc.v2.LedgerService/GetObject': {
        const input = GrpcTypes.GetObjectRequest.fromBinary(body);
        this.requests.push({ method, request: input });
        const id = input.objectId === undefined ? undefined : normalizeSuiAddress(input.objectId);
        const object = id === undefined ? undefined : this.objects.get(id);
        if (!object || (input.version !== undefined && object.version !== input.version)) {
          response.end(trailer(GRPC_STATUS.NOT_FOUND, `object ${input.objectId} not found`));
          return;
        }
        const masked = GrpcTypes.Object.create(applyReadMask(object, input.readMask?.paths ?? DEFAULT_OBJECT_MASK));
        response.end(
          Buffer.concat([frame(0, GrpcTypes.GetObjectResponse.toBinary({ object: masked })), trailer(GRPC_STATUS.OK)]),
        );
        return;
      }
      case 'sui.rpc.v2.SubscriptionService/SubscribeCheckpoints': {
        this.requests.push({ method, request: GrpcTypes.SubscribeCheckpointsRequest.fromBinary(body) });
        this.onSubscribe?.();
        response.flushHeaders();
        const subscriber: Subscriber = { response };
        this.subscribers.add(subscriber);
        response.on('close', () => this.subscribers.delete(subscriber));
        return;
      }
      default:
        response.end(trailer(GRPC_STATUS.UNIMPLEMENTED, `unknown method ${method}`));
    }
  }

  private available(seq: bigint): Checkpoint | undefined {
    if (this.options.lowestAvailable !== undefined && seq < this.options.lowestAvailable) return undefined;
    return this.chain.get(seq);
  }
}
