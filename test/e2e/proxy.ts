// An HTTP proxy on 127.0.0.1, as a self-hosted runner behind a corporate proxy has: it tunnels
// every CONNECT, whatever host it names, to one local server, and records the hosts asked for.
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface Proxy {
  /** the value for HTTP_PROXY / HTTPS_PROXY */
  url: string;
  /** `host:port` of each tunnel, in arrival order */
  hosts: string[];
  close(): Promise<void>;
}

/** Starts a proxy that tunnels everything to 127.0.0.1:`port`. */
export async function startProxy(port: number): Promise<Proxy> {
  const hosts: string[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  // The runner's proxy client tunnels with CONNECT; a request sent any other way is refused, so
  // that a client that changed its ways fails the test instead of hanging it.
  const server = createServer((_req, res) => {
    res.writeHead(501).end('only CONNECT tunnels');
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    hosts.push(req.url ?? '');
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hosts,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
