export type EventSink = (topic: string, payload: unknown) => void;

/** Fan-out of engine events (job progress, data changes, later fills and bars) to every subscriber. */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  publish(topic: string, payload: unknown): void {
    for (const sink of this.sinks) {
      try {
        sink(topic, payload);
      } catch {
        // one broken subscriber must not starve the others
      }
    }
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
