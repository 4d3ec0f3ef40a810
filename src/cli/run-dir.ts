/** Run directories are never overwritten: a default directory that exists gets -2, -3, … appended. */
import { existsSync } from 'node:fs';

export function freshRunDir(dir: string, exists: (path: string) => boolean = existsSync): string {
  if (!exists(dir)) return dir;
  for (let n = 2; n < 10_000; n++) if (!exists(`${dir}-${n}`)) return `${dir}-${n}`;
  throw new Error(`${dir}: 10000 run directories of that name already exist`);
}
