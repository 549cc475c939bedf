// What fetch works on and gives: a source to read and the outcome of reading it.
import type { Finding, RawDoc, SourceHints } from '../core/types.ts';

export interface Source {
  /** An absolute path, or an http(s) or file URL. */
  location: string;
  hints?: SourceHints;
  /** A disabled source (a sources.csv row with enabled 0) is listed but not fetched. */
  enabled: boolean;
}

export type FetchStatus = 'fetched' | 'unchanged' | 'failed';

export interface FetchOutcome {
  source: Source;
  status: FetchStatus;
  raw?: RawDoc;
  finding?: Finding;
  /** where the raw bytes are stored (remote sources only: local files are read in place) */
  rawPath?: string;
}
