import type { Page } from 'playwright-core';

export interface JobGate {
  /** From now on, `job.finished` pushes wait here instead of reaching the page. */
  hold(): void;
  /** How many are waiting. */
  held(): number;
  /** Delivers the waiting ones, in order, and stops holding. */
  release(): void;
}

/**
 * Sits in the page's WebSocket to the engine and can hold back the end of jobs, so a test sees a
 * job's running state (progress bar, Cancel) for as long as it needs, however fast the engine is.
 * Everything else passes through unchanged. Call before the page connects (then reload it).
 */
export async function gateJobEnds(page: Page): Promise<JobGate> {
  let holding = false;
  const waiting: (() => void)[] = [];
  await page.routeWebSocket(/.*/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (holding && typeof m === 'string' && isJobFinished(m)) waiting.push(() => ws.send(m));
      else ws.send(m);
    });
  });
  return {
    hold: () => {
      holding = true;
    },
    held: () => waiting.length,
    release: () => {
      holding = false;
      for (const send of waiting.splice(0)) send();
    },
  };
}

function isJobFinished(message: string): boolean {
  try {
    return (JSON.parse(message) as { topic?: unknown }).topic === 'job.finished';
  } catch {
    return false;
  }
}
