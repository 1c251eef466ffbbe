import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_INLINE_FILE_BYTES } from '../../shared/contract/data';
import type { Host } from '../host';
import { allowedOrigins, createAccessToken, isAllowedOrigin, isAuthorized, sessionCookie } from './auth';
import { SECURITY_HEADERS } from '../host/web/csp';
import { resolveStaticFile } from './static-files';
import { bridgeSocket } from './ws-bridge';

export interface ServerOptions {
  host: Host;
  bind?: string;
  port?: number;
  /** The built renderer (out/renderer); without it the server answers API sockets only. */
  rendererDir?: string | null;
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  /** The URL with the access token, the one to open in a browser. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const NO_RENDERER = `<!doctype html><meta charset="utf-8"><title>Quantdesk</title>
<p>The renderer is not built. Run <code>npm run build</code>, then start <code>quantdesk serve</code> again.</p>`;
const UNAUTHORIZED = `<!doctype html><meta charset="utf-8"><title>Quantdesk</title>
<p>Open the address that <code>quantdesk serve</code> printed: it carries this session's access token.</p>`;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const bind = opts.bind ?? '127.0.0.1';
  const token = opts.token ?? createAccessToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INLINE_FILE_BYTES + 1024 * 1024 });
  let origins = new Set<string>();

  const send = (res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (!isAuthorized(url, req.headers.cookie, token)) return send(res, 401, UNAUTHORIZED, { 'Content-Type': 'text/html; charset=utf-8' });
    if (url.searchParams.has('token')) {
      // Trade the URL token for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      return send(res, 302, '', { 'Set-Cookie': sessionCookie(token), Location: url.pathname + url.search });
    }
    if (!opts.rendererDir) return send(res, 200, NO_RENDERER, { 'Content-Type': 'text/html; charset=utf-8' });
    const file = await resolveStaticFile(opts.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'not found', { 'Content-Type': 'text/plain; charset=utf-8' });
    send(res, 200, req.method === 'HEAD' ? '' : file.body, {
      'Content-Type': file.contentType,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!isAllowedOrigin(req.headers.origin, origins)) return refuse(403, 'Forbidden');
    if (!isAuthorized(url, req.headers.cookie, token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, opts.host.connect()));
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7420, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origins = allowedOrigins(bind, port);
  const hostPart = bind.includes(':') ? `[${bind}]` : bind;
  const base = `http://${hostPart}:${port}`;
  return {
    url: `${base}/`,
    openUrl: `${base}/?token=${token}`,
    token,
    port,
    async close() {
      for (const client of wss.clients) client.close(1001, 'server stopping');
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    },
  };
}
