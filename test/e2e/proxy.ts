// An HTTP proxy on 127.0.0.1, as a self-hosted runner behind a corporate proxy has: it sends
// every request, whatever host it names, to one local server, and records the hosts asked for.
import { createServer, request as forward, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface Proxy {
  /** the value for HTTP_PROXY / HTTPS_PROXY */
  url: string;
  /** `host:port` of each request or tunnel, in arrival order */
  hosts: string[];
  close(): Promise<void>;
}

/** Starts a proxy that forwards everything to 127.0.0.1:`port`. */
export async function startProxy(port: number): Promise<Proxy> {
  const hosts: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // Absolute-form request (`GET http://host/path`): the plain-HTTP way through a proxy.
    const target = new URL(req.url ?? '/');
    hosts.push(target.host);
    const upstream = forward(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: target.pathname + target.search,
        headers: req.headers,
      },
      (answer: IncomingMessage) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // CONNECT host:port: a tunnel, the way most proxy clients reach any host.
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    hosts.push(req.url ?? '');
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
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
