/**
 * The world's clock: world time = start + speed * (real elapsed). Real time is read through an
 * injected function, so the same clock serves a listening server (performance.now) and the simulator.
 */
export interface WorldClockState {
  worldMs: number;
  speed: number;
}

export class WorldClock {
  private anchorRealMs: number;
  private anchorWorldMs: number;
  private speed: number;

  constructor(
    private readonly realNowMs: () => number,
    startWorldMs: number,
    speed = 1,
  ) {
    if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
    this.anchorRealMs = realNowMs();
    this.anchorWorldMs = startWorldMs;
    this.speed = speed;
  }

  nowMs(): number {
    return this.anchorWorldMs + this.speed * (this.realNowMs() - this.anchorRealMs);
  }

  /** Jump to a world instant and optionally change speed; time keeps flowing from there. */
  set(worldMs: number, speed: number = this.speed): void {
    if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
    this.anchorRealMs = this.realNowMs();
    this.anchorWorldMs = worldMs;
    this.speed = speed;
  }

  state(): WorldClockState {
    return { worldMs: this.nowMs(), speed: this.speed };
  }
}
