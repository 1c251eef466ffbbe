// The one entry the shells (electron/, engine/server, engine/cli) use.
export { startHost, type Host, type HostConnection, type HostOptions } from './host';
export { inProcessTransport } from './in-process-transport';
// What both shells serve the renderer with (the desktop app's app:// protocol, the headless server).
export { contentSecurityPolicy, SECURITY_HEADERS } from './web/csp';
export { mimeType, resolveRendererPath } from './web/renderer-files';
