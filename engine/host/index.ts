// The one entry the shells (electron/, engine/server, engine/cli) use.
export { startHost, type Host, type HostConnection, type HostOptions } from './host';
export { inProcessTransport } from './in-process-transport';
