/**
 * One exit-code convention for every command (docs/cli.md "Exit codes"):
 * 0 = ran and passed; 1 = ran and found a failure or regression; 2 = bad input or options, nothing run.
 */
export const EXIT = { passed: 0, failed: 1, badInput: 2 } as const;
