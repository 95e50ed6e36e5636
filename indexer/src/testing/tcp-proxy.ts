// Test support: a loopback TCP proxy in front of a server (Postgres) that a test can shut and reopen, to play a
// real outage: shutting destroys every live connection (both ends see the socket die mid-whatever) and stops
// listening, so new connections are refused (ECONNREFUSED) until it reopens on the same port.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxyTarget {
  host: string;
  port: number;
}

export class TcpProxy {
  private readonly target: TcpProxyTarget;
  private server: Server | undefined;
  /** Live connections: the client's socket and the one to the target. */
  private readonly pairs = new Set<readonly [Socket, Socket]>();
  private listenPort = 0;
  /** Client connections accepted so far (all openings together). */
  accepted = 0;
  /** Live connections destroyed by `shut`. */
  cut = 0;

  /** Connections open right now. */
  get live(): number {
    return this.pairs.size;
  }

  constructor(target: TcpProxyTarget) {
    this.target = target;
  }

  /** Port the proxy listens on (127.0.0.1); fixed after the first `open`. */
  get port(): number {
    return this.listenPort;
  }

  get isOpen(): boolean {
    return this.server !== undefined;
  }

  /** Starts (or resumes) accepting connections, on the same port as before after a `shut`. */
  async open(): Promise<number> {
    if (this.server) return this.listenPort;
    const server = createServer((client) => this.relay(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.listenPort = (server.address() as { port: number }).port;
    return this.listenPort;
  }

  /** The outage: every live connection destroyed, new ones refused until `open`. */
  async shut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const pair of this.pairs) {
      for (const socket of pair) socket.destroy();
      this.cut++;
    }
    this.pairs.clear();
    await closed;
  }

  /** Shuts for good (end of the test). */
  close(): Promise<void> {
    return this.shut();
  }

  private relay(client: Socket): void {
    this.accepted++;
    const upstream = connect(this.target.port, this.target.host);
    const pair = [client, upstream] as const;
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      for (const socket of pair) socket.destroy();
    };
    for (const socket of pair) {
      socket.setNoDelay(true);
      // Either side failing or closing ends both, as a dropped connection would.
      socket.once('error', end);
      socket.once('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
