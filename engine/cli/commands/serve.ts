import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHost } from '../../host';
import { startServer } from '../../server/server';
import { resolveDataDir } from '../../store/data-dir';
import { parseCommandArgs, parseIntOption } from '../args';
import type { CliCommand } from '../cli-io';

/** The renderer build beside the engine build (out/engine → out/renderer). */
function rendererDir(): string | null {
  const dir = fileURLToPath(new URL('../renderer/', import.meta.url));
  return existsSync(`${dir}/index.html`) ? dir : null;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the app headless and serve it to a browser on this machine',
  usage: `quantdesk serve [--host 127.0.0.1] [--port 7420] [--data-dir DIR]

Serves the renderer and the engine's WebSocket on loopback. The printed address carries a
fresh access token; the page and the socket refuse requests without it. Ctrl-C stops cleanly.
--host 0.0.0.0 exposes the engine (and your trading accounts) to your network: don't.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('serve', argv, { host: { type: 'string' }, port: { type: 'string' } });
    const port = parseIntOption('serve', values.port, 'port', 7420);
    const dataDir = resolveDataDir(values['data-dir']);
    const host = await startHost({ dataDir, shell: 'server' });
    let server;
    try {
      server = await startServer({ host, bind: values.host ?? '127.0.0.1', port, rendererDir: rendererDir() });
    } catch (e) {
      await host.close();
      throw e;
    }
    io.out(`Quantdesk is running (data: ${dataDir})\nOpen ${server.openUrl}\nPress Ctrl-C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.err('stopping…\n');
    await server.close();
    await host.close();
    return 0;
  },
};
