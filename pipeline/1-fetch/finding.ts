import type { Finding } from '../core/types.ts';

/** The checks a fetch can fail with, one per way a source can be lost. */
export type FetchCheck =
  | 'fetch.http_status'
  | 'fetch.timeout'
  | 'fetch.network'
  | 'fetch.truncated'
  | 'fetch.too_large'
  | 'fetch.missing'
  | 'fetch.bytes_gone';

/** Given a failed check and what happened, returns the error finding that says so. */
export function fetchFinding(check: FetchCheck, message: string): Finding {
  return { check, severity: 'error', subject: 'file', message, stage: 'fetch' };
}
