/**
 * The simulator's event queue: a binary min-heap ordered by (timeMs, seq). seq is the order events were
 * scheduled in, so two events at the same instant run in scheduling order; ordering never depends on
 * object identity. Times and sequence numbers live in typed arrays next to the items (grown by
 * doubling), so a push or pop allocates nothing and compares unboxed doubles.
 */
export class EventQueue<T> {
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private items: Array<T | undefined> = new Array<T | undefined>(64).fill(undefined);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Schedule item at timeMs; returns the sequence number that breaks ties. */
  push(timeMs: number, item: T): number {
    const seq = this.nextSeq++;
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, timeMs, seq, item);
    return seq;
  }

  /** The earliest event's time, or undefined when empty. */
  peekTimeMs(): number | undefined {
    return this.count === 0 ? undefined : this.times[0];
  }

  /** Remove the earliest event; calls visit(timeMs, item) and returns true, or false when empty. */
  pop(visit: (timeMs: number, item: T) => void): boolean {
    if (this.count === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const topTime = times[0] as number;
    const topItem = items[0] as T;
    const n = --this.count;
    if (n > 0) {
      // Bottom-up (Floyd): move the earlier child up into the hole, level by level, down to a leaf (one
      // comparison per level), then sift the last event up from that leaf. The last event is usually one
      // of the latest, so it seldom climbs: about half the comparisons of a top-down sift.
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        const right = child + 1;
        if (right < n) {
          const rightTime = times[right] as number;
          const leftTime = times[child] as number;
          if (rightTime < leftTime || (rightTime === leftTime && (seqs[right] as number) < (seqs[child] as number)))
            child = right;
        }
        times[i] = times[child] as number;
        seqs[i] = seqs[child] as number;
        items[i] = items[child];
        i = child;
      }
      this.siftUp(i, times[n] as number, seqs[n] as number, items[n] as T);
    }
    items[n] = undefined; // do not keep a fired event alive
    visit(topTime, topItem);
    return true;
  }

  /**
   * Place an event at `hole`, moving parents down while it comes before them. For a new event (push) its
   * seq is the largest yet, so it only climbs above a strictly later time.
   */
  private siftUp(hole: number, time: number, seq: number, item: T): void {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    let i = hole;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent] as number;
      if (time > parentTime || (time === parentTime && seq > (seqs[parent] as number))) break;
      times[i] = parentTime;
      seqs[i] = seqs[parent] as number;
      items[i] = items[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    for (let i = this.items.length; i < capacity; i++) this.items.push(undefined);
  }
}
