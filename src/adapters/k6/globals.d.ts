// k6 (>= v0.51) has global timers; @types/k6 does not declare them.
declare function setTimeout(callback: () => void, delayMs: number): number;
