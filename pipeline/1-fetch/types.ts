// What fetch works on and gives: a source to read and the outcome of reading it.
import type { Finding, RawDoc, SourceHints } from '../core/types.ts';

/** `report`: the location is a report; `channel`: a listing page whose annual-report links are followed. */
export type SourceKind = 'report' | 'channel';

export interface Source {
  /** An absolute path, or an http(s) or file URL. */
  location: string;
  hints?: SourceHints;
  /** A disabled source (a sources.csv row with enabled 0) is listed but not fetched. */
  enabled: boolean;
  /** Absent means `report`. */
  kind?: SourceKind;
  /** For a source found by reading a channel: where it was found. */
  foundVia?: FoundVia;
}

/** Where a discovered source was found: its channel, and the page linking it (a listing page, or the report page of an attachment). */
export interface FoundVia {
  channel: string;
  page: string;
}

export type FetchStatus = 'fetched' | 'unchanged' | 'failed';

export interface FetchOutcome {
  source: Source;
  status: FetchStatus;
  raw?: RawDoc;
  finding?: Finding;
  /** where the raw bytes are stored (remote sources only: local files are read in place) */
  rawPath?: string;
  /** The URL the bytes came from after redirects (remote sources only): relative links resolve against it. */
  finalUrl?: string;
  /** The server's status when it answered with an error (remote sources only). */
  httpStatus?: number;
}
