/**
 * The simulator's event queue: a binary min-heap ordered by (timeMs, seq). seq is the order events were
 * scheduled in, so two events at the same instant run in scheduling order; ordering never depends on
 * object identity. Parallel arrays keep a push/pop free of per-event allocation beyond the callback.
 */
export class EventQueue<T> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  /** Schedule item at timeMs; returns the sequence number that breaks ties. */
  push(timeMs: number, item: T): number {
    const seq = this.nextSeq++;
    let i = this.items.length;
    this.times.push(timeMs);
    this.seqs.push(seq);
    this.items.push(item);
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(timeMs, seq, this.times[parent] as number, this.seqs[parent] as number)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, timeMs, seq, item);
    return seq;
  }

  /** The earliest event's time, or undefined when empty. */
  peekTimeMs(): number | undefined {
    return this.times[0];
  }

  /** Remove the earliest event; calls visit(timeMs, item) and returns true, or false when empty. */
  pop(visit: (timeMs: number, item: T) => void): boolean {
    const n = this.items.length;
    if (n === 0) return false;
    const topTime = this.times[0] as number;
    const topItem = this.items[0] as T;
    const lastTime = this.times.pop() as number;
    const lastSeq = this.seqs.pop() as number;
    const lastItem = this.items.pop() as T;
    if (n > 1) this.siftDown(lastTime, lastSeq, lastItem);
    visit(topTime, topItem);
    return true;
  }

  private siftDown(timeMs: number, seq: number, item: T): void {
    const n = this.items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.before(this.times[right] as number, this.seqs[right] as number, this.times[left] as number, this.seqs[left] as number)) child = right;
      if (!this.before(this.times[child] as number, this.seqs[child] as number, timeMs, seq)) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, timeMs, seq, item);
  }

  private before(timeA: number, seqA: number, timeB: number, seqB: number): boolean {
    return timeA < timeB || (timeA === timeB && seqA < seqB);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.seqs[to] = this.seqs[from] as number;
    this.items[to] = this.items[from] as T;
  }

  private set(i: number, timeMs: number, seq: number, item: T): void {
    this.times[i] = timeMs;
    this.seqs[i] = seq;
    this.items[i] = item;
  }
}
