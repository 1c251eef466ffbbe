import { createClient, type Client } from '../../../shared/client';
import type { Platform } from './platform';

let current: { client: Client; platform: Platform } | null = null;

/** Connects once at start-up; screens and stores then use `client()`. */
export function connect(platform: Platform, onClosed: (reason: string) => void): Client {
  platform.transport.onClose?.(onClosed);
  const c = createClient(platform.transport);
  current = { client: c, platform };
  return c;
}

export function client(): Client {
  if (!current) throw new Error('the engine client is not connected yet');
  return current.client;
}

export function platform(): Platform {
  if (!current) throw new Error('the engine client is not connected yet');
  return current.platform;
}

/** Tests install a client over a fake transport. */
export function setClientForTests(c: Client, p: Platform): void {
  current = { client: c, platform: p };
}
