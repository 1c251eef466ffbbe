import { create } from 'zustand';
import type { Client } from '../../../shared/client';
import type { SystemInfo } from '../../../shared/contract/system';
import { errorText, type UiError } from '../app/errors';

interface EngineState {
  connection: 'connecting' | 'open' | 'closed';
  closedReason: string | null;
  info: SystemInfo | null;
  error: UiError | null;
}

/** Is the engine there, and which one: the status bar and the disconnection banner read this. */
export const useEngine = create<EngineState>()(() => ({ connection: 'connecting', closedReason: null, info: null, error: null }));

export async function loadEngineInfo(client: Client): Promise<void> {
  try {
    const info = await client.api.system.info({});
    useEngine.setState((s) => ({ info, error: null, connection: s.connection === 'closed' ? 'closed' : 'open' }));
  } catch (e) {
    useEngine.setState({ error: errorText(e) });
  }
}

export function markEngineClosed(reason: string): void {
  useEngine.setState({ connection: 'closed', closedReason: reason });
}
