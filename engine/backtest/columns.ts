import { releaseBuffer, takeBuffer } from './buffers';

// Segment s holds records [FIRST·(2^s − 1), FIRST·(2^(s+1) − 1)): FIRST records, then twice as
// many in each next one. A record's segment is a count of leading zeros, its slot a subtraction.
const FIRST_SHIFT = 4;
const FIRST = 1 << FIRST_SHIFT;

/**
 * Append-only fixed-size records of float64 fields, row-major in segments (record r's field f is
 * `data[at(r) + f]`). Orders, fills and trades of a run are kept this way rather than as objects:
 * a million-bar run makes tens of thousands of them, objects full of doubles are what the garbage
 * collector spends its time copying, and one record's fields share a cache line or two.
 * Segments rather than one growing array: growing by doubling copied every record again and
 * again, a tenth of the event loop's time in a run with 40,000 fills. Doubling segments rather
 * than equal chunks: a log grows several times within its first hundred records, while V8 still
 * collects type feedback, so growing later does not throw away the optimised order path (with
 * chunks of 4,096 records the first growth came long after, and deoptimised it in every run).
 */
export class RecordLog {
  length = 0;
  /** The segment of the record last returned by `add` or `at`: write or read its fields here. */
  data: Float64Array;
  private readonly segments: Float64Array[] = [];

  constructor(readonly stride: number) {
    this.data = this.segment(0);
  }

  /** Offset in `data` of a new record's first field (its fields hold garbage until written: write every one). */
  add(): number {
    return this.at(this.length);
  }

  /**
   * Points `data` at record r's segment and returns the offset of its first field there. A record
   * past the end extends the log (records between are unwritten until someone writes them).
   */
  at(r: number): number {
    const seg = 31 - Math.clz32((r >>> FIRST_SHIFT) + 1);
    this.data = this.segment(seg);
    if (r >= this.length) this.length = r + 1;
    return (r - (((1 << seg) - 1) << FIRST_SHIFT)) * this.stride;
  }

  private segment(seg: number): Float64Array {
    while (this.segments.length <= seg) this.segments.push(takeBuffer((FIRST << this.segments.length) * this.stride, false));
    return this.segments[seg];
  }

  /** Returns the memory to the buffer pool; the log must not be used afterwards. */
  release(): void {
    for (const s of this.segments) releaseBuffer(s);
    this.segments.length = 0;
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
  // The last two strings and their ids: tags repeat, and a strategy's entries and exits alternate two of them.
  private last: string | null = null;
  private lastId = -1;
  private prev: string | null = null;
  private prevId = -1;

  id(s: string | null | undefined): number {
    if (s === null || s === undefined) return -1;
    if (s === this.last) return this.lastId; // skip the hash lookup
    const id = s === this.prev ? this.prevId : this.idOf(s);
    this.prev = this.last;
    this.prevId = this.lastId;
    this.last = s;
    this.lastId = id;
    return id;
  }

  private idOf(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
    }
    return id;
  }

  value(id: number): string | null {
    if (id < 0) return null;
    if (id >= this.byId.length) for (const [s, i] of this.ids) this.byId[i] = s;
    return this.byId[id];
  }
}
