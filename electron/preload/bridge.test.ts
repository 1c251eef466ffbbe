import { describe, expect, it } from 'vitest';
import { IPC } from '../ipc-channels';
import { createDesktopBridge, type IpcRendererLike } from './bridge';

function fakeIpcRenderer(invokeAnswer: unknown = '/home/u/btc.csv') {
  const sent: [string, unknown][] = [];
  const listeners = new Map<string, Set<(e: unknown, m: unknown) => void>>();
  const ipc: IpcRendererLike = {
    send: (ch, m) => sent.push([ch, m]),
    on: (ch, l) => listeners.set(ch, (listeners.get(ch) ?? new Set()).add(l)),
    removeListener: (ch, l) => listeners.get(ch)?.delete(l),
    invoke: async (ch) => (ch === IPC.pickCsvFile ? invokeAnswer : null),
  };
  const emit = (ch: string, m: unknown) => listeners.get(ch)?.forEach((l) => l({ sender: 'the ipcRenderer' }, m));
  return { ipc, sent, emit, listeners };
}

describe('createDesktopBridge', () => {
  it('sends envelopes on the to-engine channel', () => {
    const f = fakeIpcRenderer();
    createDesktopBridge(f.ipc).send({ id: 1, method: 'system.info', input: {} });
    expect(f.sent).toEqual([[IPC.toEngine, { id: 1, method: 'system.info', input: {} }]]);
  });

  it('hands handlers the message only, never the IPC event', () => {
    const f = fakeIpcRenderer();
    const got: unknown[][] = [];
    const off = createDesktopBridge(f.ipc).onMessage((...args) => got.push(args));
    f.emit(IPC.fromEngine, { id: 1, ok: true, value: 1 });
    expect(got).toEqual([[{ id: 1, ok: true, value: 1 }]]);
    off();
    f.emit(IPC.fromEngine, { id: 2, ok: true, value: 2 });
    expect(got).toHaveLength(1);
    expect(f.listeners.get(IPC.fromEngine)?.size).toBe(0);
  });

  it('exposes only the transport and the file dialog', () => {
    const bridge = createDesktopBridge(fakeIpcRenderer().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['onMessage', 'pickCsvFile', 'send']);
  });

  it('answers a picked path, or null for anything else', async () => {
    await expect(createDesktopBridge(fakeIpcRenderer('/tmp/a.csv').ipc).pickCsvFile()).resolves.toBe('/tmp/a.csv');
    await expect(createDesktopBridge(fakeIpcRenderer(null).ipc).pickCsvFile()).resolves.toBeNull();
    await expect(createDesktopBridge(fakeIpcRenderer({ path: 'x' }).ipc).pickCsvFile()).resolves.toBeNull();
  });
});
