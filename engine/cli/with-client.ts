import { createClient, type Client } from '../../shared/client';
import { inProcessTransport, startHost } from '../host';
import { resolveDataDir } from '../store/data-dir';

/**
 * Runs `fn` with a contract client on an engine in this process. CLI commands go through the same
 * contract (validation, errors) as the apps; the data directory's lock keeps a running app out.
 */
export async function withEngineClient<T>(dataDirFlag: string | undefined, fn: (client: Client) => Promise<T>): Promise<T> {
  const host = await startHost({ dataDir: resolveDataDir(dataDirFlag), shell: 'cli', engine: 'inline', poolThreads: 0 });
  const client = createClient(inProcessTransport(host));
  try {
    return await fn(client);
  } finally {
    client.close();
    await host.close();
  }
}

/** A one-line progress indicator on stderr for terminals; silent when piped. */
export function progressPrinter(isTty: boolean, write: (t: string) => void) {
  let last = '';
  return {
    update(phase: string, done: number, total: number) {
      if (!isTty) return;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
      const line = `${phase} ${pct}%`;
      if (line !== last) write(`\r${line.padEnd(20)}`);
      last = line;
    },
    done() {
      if (isTty && last) write('\r' + ' '.repeat(20) + '\r');
    },
  };
}
