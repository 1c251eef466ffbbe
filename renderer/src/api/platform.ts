import type { Transport } from '../../../shared/transport';
import { desktopTransport, type DesktopBridge } from './electron-transport';
import { browserTransport } from './web-transport';

/** What differs between the desktop app and the browser, decided once, here. */
export interface Platform {
  kind: 'desktop' | 'browser';
  transport: Transport;
  /** A native open-file dialog whose path the engine reads itself (desktop); absent: the page reads the file (browser). */
  pickCsvFile?: () => Promise<string | null>;
}

export function detectPlatform(win: Window & { quantdesk?: DesktopBridge } = window): Platform {
  const bridge = win.quantdesk;
  if (bridge) return { kind: 'desktop', transport: desktopTransport(bridge), pickCsvFile: () => bridge.pickCsvFile() };
  return { kind: 'browser', transport: browserTransport(win.location) };
}
