// PLACEHOLDER — validation is being written (issue 2). Signature is final.
import type { Finding, Report } from './types.ts';

/** Given an extracted report, returns the findings of every identity that applies to it alone. */
export function validate(report: Report): Finding[] {
  return [];
}
