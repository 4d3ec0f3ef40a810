// k6 (>= v0.51) has global timers; @types/k6 does not declare them.
declare function setTimeout(callback: () => void, delayMs: number): number;
// k6's console (logs at info / warn level); @types/k6 does not declare it either.
declare const console: { log(...data: unknown[]): void; warn(...data: unknown[]): void };
