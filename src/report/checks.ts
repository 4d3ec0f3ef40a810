/**
 * A check is one pass/fail verdict about one strategy: a baseline metric today, a k6 threshold later.
 * junit.xml is written from a list of these, whoever produced them.
 */
export interface Check {
  strategy: string;
  name: string;
  passed: boolean;
  message: string;
}
