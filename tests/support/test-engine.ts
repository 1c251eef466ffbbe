import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createClient, type Client } from '../../shared/client';
import { websocketTransport, type WebSocketLike } from '../../shared/transports/websocket';
import { inProcessTransport, startHost, type Host } from '../../engine/host';
import { startServer, type RunningServer } from '../../engine/server/server';

export function makeTempDir(prefix = 'quantdesk-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type TransportKind = 'in-process' | 'websocket';

export interface TestEngine {
  client: Client;
  host: Host;
  server: RunningServer | null;
  dataDir: string;
  /** Another client on the same host (a second window or browser tab). */
  connect(): Promise<Client>;
  close(): Promise<void>;
}

export async function openWebSocketClient(server: RunningServer, headers: Record<string, string> = {}): Promise<Client> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return createClient(websocketTransport(socket as unknown as WebSocketLike));
}

/** A real host (engine worker + pool by default) on a temp data dir, reached over the chosen transport. */
export async function startTestEngine(
  transport: TransportKind,
  opts: { engine?: 'worker' | 'inline'; dataDir?: string; poolThreads?: number; sampleDir?: string | null } = {},
): Promise<TestEngine> {
  const temp = opts.dataDir ? null : makeTempDir();
  const dataDir = opts.dataDir ?? temp!.dir;
  const host = await startHost({ dataDir, shell: 'test', engine: opts.engine ?? 'worker', poolThreads: opts.poolThreads ?? 1, sampleDir: opts.sampleDir ?? null });
  const server = transport === 'websocket' ? await startServer({ host, port: 0, rendererDir: null }) : null;
  const connect = async () => (server ? openWebSocketClient(server) : createClient(inProcessTransport(host)));
  const clients: Client[] = [];
  const client = await connect();
  clients.push(client);
  return {
    client,
    host,
    server,
    dataDir,
    async connect() {
      const c = await connect();
      clients.push(c);
      return c;
    },
    async close() {
      clients.forEach((c) => c.close());
      await server?.close();
      await host.close();
      temp?.cleanup();
    },
  };
}

/** A generic OHLCV CSV of `n` bars from `start`, deterministic. */
export function makeCsv(n: number, opts: { start?: number; stepMs?: number; seed?: number } = {}): string {
  const start = opts.start ?? Date.UTC(2024, 0, 1);
  const step = opts.stepMs ?? 60_000;
  let seed = opts.seed ?? 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let price = 100;
  const lines = ['ts,open,high,low,close,volume'];
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.max(1, open + (rnd() - 0.5) * 2);
    const high = Math.max(open, close) + rnd();
    const low = Math.min(open, close) - rnd();
    price = close;
    lines.push(`${start + i * step},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${Math.floor(rnd() * 1000)}`);
  }
  return lines.join('\n') + '\n';
}
