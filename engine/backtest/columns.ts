import { releaseBuffer, takeBuffer } from './buffers';

/**
 * Append-only fixed-size records of float64 fields, row-major in one growable Float64Array
 * (record i's field f is `data[i * stride + f]`). Orders, fills and trades of a run are kept this
 * way rather than as objects: a million-bar run makes tens of thousands of them, objects full of
 * doubles are what the garbage collector spends its time copying, and one record's fields share
 * a cache line or two.
 */
export class RecordLog {
  length = 0;
  data: Float64Array;
  private cap: number;

  constructor(
    readonly stride: number,
    initial = 4096,
  ) {
    this.cap = initial;
    this.data = takeBuffer(initial * stride, false);
  }

  /** Offset of a new record's first field (its fields hold garbage until written: write every one). */
  add(): number {
    if (this.length === this.cap) this.ensure(this.cap * 2);
    return this.length++ * this.stride;
  }

  /** Makes room for records below `n` and extends the length to at least `n`. */
  reserve(n: number): void {
    if (n > this.cap) this.ensure(Math.max(n, this.cap * 2));
    if (n > this.length) this.length = n;
  }

  private ensure(cap: number): void {
    const next = takeBuffer(cap * this.stride, false);
    next.set(this.data.subarray(0, this.length * this.stride));
    releaseBuffer(this.data);
    this.data = next;
    this.cap = cap;
  }

  /** Returns the memory to the buffer pool; the log must not be used afterwards. */
  release(): void {
    releaseBuffer(this.data);
    this.length = 0;
  }
}

/**
 * Strings as small numbers (tags, reasons): −1 is null. Ids live only in the Map; the id → string
 * array is built when read. An array grown inside `id()` changed its elements kind with every new
 * run's first string, which threw the optimised fill path away once per run.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly byId: string[] = [];
  private last: string | null = null;
  private lastId = -1;

  id(s: string | null | undefined): number {
    if (s === null || s === undefined) return -1;
    if (s === this.last) return this.lastId; // tags repeat: skip the hash lookup
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
    }
    this.last = s;
    this.lastId = id;
    return id;
  }

  value(id: number): string | null {
    if (id < 0) return null;
    if (id >= this.byId.length) for (const [s, i] of this.ids) this.byId[i] = s;
    return this.byId[id];
  }
}
