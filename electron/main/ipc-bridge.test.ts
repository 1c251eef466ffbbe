import { describe, expect, it } from 'vitest';
import { IPC } from '../ipc-channels';
import { bridgeIpc, type ConnectionLike, type IpcEventLike, type SenderLike } from './ipc-bridge';

const APP = 'app://quantdesk';

function fakeHost() {
  const conns: { sent: unknown[]; closed: boolean; push(m: unknown): void; end(reason: string): void }[] = [];
  const connect = (): ConnectionLike => {
    const handlers = new Set<(m: unknown) => void>();
    const closeHandlers = new Set<(r: string) => void>();
    const c = {
      sent: [] as unknown[],
      closed: false,
      push: (m: unknown) => handlers.forEach((h) => h(m)),
      end: (r: string) => closeHandlers.forEach((h) => h(r)),
    };
    conns.push(c);
    return {
      send: (raw) => c.sent.push(raw),
      onMessage: (h) => (handlers.add(h), () => handlers.delete(h)),
      onClose: (h) => (closeHandlers.add(h), () => closeHandlers.delete(h)),
      close: () => (c.closed = true),
    };
  };
  return { conns, connect };
}

function fakeSender(id: number) {
  const events = new Map<string, ((d?: unknown) => void)[]>();
  const received: [string, unknown][] = [];
  let destroyed = false;
  const add = (e: string, l: (d?: unknown) => void) => events.set(e, [...(events.get(e) ?? []), l]);
  const sender = {
    id,
    send: (channel: string, m: unknown) => received.push([channel, m]),
    isDestroyed: () => destroyed,
    once: (e: string, l: () => void) => add(e, l),
    on: (e: string, l: (d?: unknown) => void) => add(e, l),
  } as unknown as SenderLike;
  return {
    sender,
    received,
    emit: (e: string, d?: unknown) => {
      if (e === 'destroyed') destroyed = true;
      (events.get(e) ?? []).forEach((l) => l(d));
    },
  };
}

function fakeIpcMain() {
  const listeners = new Map<string, (e: IpcEventLike, m: unknown) => void>();
  return {
    ipcMain: { on: (ch: string, l: (e: IpcEventLike, m: unknown) => void) => listeners.set(ch, l), removeAllListeners: (ch: string) => listeners.delete(ch) },
    send: (sender: SenderLike, url: string | null, m: unknown, parent: unknown = null) => listeners.get(IPC.toEngine)?.({ sender, senderFrame: url === null ? null : ({ url, parent } as never) }, m),
    has: (ch: string) => listeners.has(ch),
  };
}

describe('bridgeIpc', () => {
  it('gives each window its own host connection and relays both ways', () => {
    const host = fakeHost();
    const ipc = fakeIpcMain();
    const rejected: string[] = [];
    const bridge = bridgeIpc({ ipcMain: ipc.ipcMain, connect: host.connect, appOrigin: APP, onRejected: (r) => rejected.push(r) });
    const a = fakeSender(1);
    const b = fakeSender(2);
    ipc.send(a.sender, 'app://quantdesk/index.html', { id: 1, method: 'system.info', input: {} });
    ipc.send(a.sender, 'app://quantdesk/index.html', { id: 2, method: 'data.instruments', input: {} });
    ipc.send(b.sender, 'app://quantdesk/index.html', { id: 1, method: 'system.info', input: {} });
    expect(host.conns).toHaveLength(2);
    expect(host.conns[0].sent).toHaveLength(2);
    expect(bridge.connections()).toBe(2);
    host.conns[0].push({ id: 1, ok: true, value: 42 });
    expect(a.received).toEqual([[IPC.fromEngine, { id: 1, ok: true, value: 42 }]]);
    expect(b.received).toEqual([]);
    expect(rejected).toEqual([]);
  });

  it('drops messages from foreign pages, sub-frames and destroyed frames', () => {
    const host = fakeHost();
    const ipc = fakeIpcMain();
    const rejected: string[] = [];
    bridgeIpc({ ipcMain: ipc.ipcMain, connect: host.connect, appOrigin: APP, onRejected: (r) => rejected.push(r) });
    const a = fakeSender(1);
    ipc.send(a.sender, 'https://evil.example/', { id: 1, method: 'data.delete', input: {} });
    ipc.send(a.sender, 'app://quantdesk/x.html', { id: 1, method: 'data.delete', input: {} }, { url: 'app://quantdesk/index.html', parent: null });
    ipc.send(a.sender, null, { id: 1, method: 'data.delete', input: {} });
    expect(host.conns).toHaveLength(0);
    expect(rejected).toHaveLength(3);
  });

  it('closes a window’s connection when its page reloads, navigates, crashes or closes', () => {
    const host = fakeHost();
    const ipc = fakeIpcMain();
    const bridge = bridgeIpc({ ipcMain: ipc.ipcMain, connect: host.connect, appOrigin: APP });
    const a = fakeSender(1);
    const url = 'app://quantdesk/index.html';
    ipc.send(a.sender, url, { id: 1, method: 'system.info' });
    a.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    expect(host.conns[0].closed).toBe(false);
    a.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(host.conns[0].closed).toBe(false);
    a.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(host.conns[0].closed).toBe(true);
    // the reloaded page gets a fresh connection
    ipc.send(a.sender, url, { id: 1, method: 'system.info' });
    expect(host.conns).toHaveLength(2);
    a.emit('render-process-gone');
    expect(host.conns[1].closed).toBe(true);
    ipc.send(a.sender, url, { id: 1, method: 'system.info' });
    a.emit('destroyed');
    expect(host.conns[2].closed).toBe(true);
    expect(bridge.connections()).toBe(0);
  });

  it('does not send to a destroyed window, and forgets a connection the host closed', () => {
    const host = fakeHost();
    const ipc = fakeIpcMain();
    const bridge = bridgeIpc({ ipcMain: ipc.ipcMain, connect: host.connect, appOrigin: APP });
    const a = fakeSender(1);
    ipc.send(a.sender, 'app://quantdesk/index.html', { id: 1, method: 'system.info' });
    host.conns[0].end('host stopped');
    expect(bridge.connections()).toBe(0);
    const b = fakeSender(2);
    ipc.send(b.sender, 'app://quantdesk/index.html', { id: 1, method: 'system.info' });
    b.emit('destroyed');
    host.conns[1].push({ topic: 'data.changed', seq: 0, payload: {} });
    expect(b.received).toEqual([]);
  });

  it('stops listening and closes every connection on close', () => {
    const host = fakeHost();
    const ipc = fakeIpcMain();
    const bridge = bridgeIpc({ ipcMain: ipc.ipcMain, connect: host.connect, appOrigin: APP });
    ipc.send(fakeSender(1).sender, 'app://quantdesk/index.html', { id: 1, method: 'system.info' });
    bridge.close();
    expect(ipc.has(IPC.toEngine)).toBe(false);
    expect(host.conns[0].closed).toBe(true);
  });
});
