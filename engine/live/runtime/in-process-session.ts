import type { AnyStrategy } from './strategy-host';
import { StrategyHost } from './strategy-host';
import type { HostOrderUpdate, HostOutput, HostStart, HostStarted, HostStep, StrategySession } from './protocol';

/**
 * A built-in strategy (shipped, trusted code) hosted in the engine thread: the same host and
 * messages as the sandbox worker, without the thread. User code never runs here.
 */
export class InProcessSession implements StrategySession {
  private readonly host: StrategyHost;
  private closed = false;

  constructor(strategy: AnyStrategy) {
    this.host = new StrategyHost(strategy);
  }

  async start(s: HostStart): Promise<HostStarted> {
    return this.host.start(structuredClone(s));
  }
  async step(s: HostStep): Promise<HostOutput> {
    return this.host.step(structuredClone(s));
  }
  async update(u: HostOrderUpdate): Promise<HostOutput> {
    return this.host.update(structuredClone(u));
  }
  async stop(): Promise<HostOutput> {
    return this.host.stop();
  }
  close(): void {
    this.closed = true;
  }
  get isClosed(): boolean {
    return this.closed;
  }
}
