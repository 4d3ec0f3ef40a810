/**
 * Seeded pseudo-random numbers (mulberry32). Pure: the same seed gives the same sequence in Node,
 * k6 and the simulator. Never use Math.random in core or domain code: a run must replay from its seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

export function createRng(seed: number): Rng {
  // The state lives in a typed array: a uint32 above 2^30 kept in a closure variable is a heap number,
  // allocated anew on every draw. Same arithmetic, same sequence.
  const state = new Uint32Array(1);
  state[0] = seed >>> 0;
  return {
    next(): number {
      let t = (state[0] = ((state[0] as number) + 0x6d2b79f5) >>> 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Derive an independent stream seed from a base seed and a label (FNV-1a mix), e.g. one per VU. */
export function deriveSeed(seed: number, label: string | number): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const text = String(label);
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.next();
}

export function pickInt(rng: Rng, lowInclusive: number, highExclusive: number): number {
  return lowInclusive + Math.floor(rng.next() * (highExclusive - lowInclusive));
}
