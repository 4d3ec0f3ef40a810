/**
 * Insert into a list kept in ascending order of `key`, after every element with an equal key (so
 * equal keys keep arrival order). The pending jobs and post-commit recalculations use it: they mostly
 * arrive in order, but a world clock set back can make a later arrival due earlier.
 */
export function insertSorted<T>(list: T[], item: T, key: (value: T) => number): void {
  const k = key(item);
  let at = list.length;
  while (at > 0 && key(list[at - 1] as T) > k) at--;
  list.splice(at, 0, item);
}
