import { releaseBuffer, takeBuffer } from './buffers';

/**
 * Append-only records stored as growable Float64Array columns. Orders, fills and trades of a run
 * are kept this way instead of as objects: a million-bar run makes tens of thousands of them,
 * and objects full of doubles are what the garbage collector spends its time copying.
 */
export class ColumnLog<K extends string> {
  length = 0;
  private cap: number;
  readonly col: Record<K, Float64Array>;

  constructor(
    private readonly names: readonly K[],
    initial = 4096,
  ) {
    this.cap = initial;
    this.col = {} as Record<K, Float64Array>;
    for (const name of names) this.col[name] = takeBuffer(initial);
  }

  /** Index of a new record (its fields start at 0). */
  add(): number {
    if (this.length === this.cap) this.ensure(this.cap * 2);
    return this.length++;
  }

  /** Makes room for indices below `n` and extends the length to at least `n`. */
  reserve(n: number): void {
    if (n > this.cap) this.ensure(Math.max(n, this.cap * 2));
    if (n > this.length) this.length = n;
  }

  private ensure(cap: number): void {
    for (const name of this.names) {
      const next = takeBuffer(cap);
      next.set(this.col[name].subarray(0, this.length));
      releaseBuffer(this.col[name]);
      this.col[name] = next;
    }
    this.cap = cap;
  }

  /** Returns the columns to the buffer pool; the log must not be used afterwards. */
  release(): void {
    for (const name of this.names) releaseBuffer(this.col[name]);
    this.length = 0;
  }
}

/** Strings as small numbers (tags, reasons): −1 is null. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  private last: string | null = null;
  private lastId = -1;

  id(s: string | null | undefined): number {
    if (s === null || s === undefined) return -1;
    if (s === this.last) return this.lastId; // tags repeat: skip the hash lookup
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    this.last = s;
    this.lastId = id;
    return id;
  }

  value(id: number): string | null {
    return id < 0 ? null : this.values[id];
  }
}
