// What a run is given and what it returns, and where it reads and writes by default.
import { fileURLToPath } from 'node:url';
import type { SingleBar } from 'cli-progress';
import type { Logger } from '../core/log.ts';
import type { Severity } from '../core/types.ts';
import type { Shard } from './shard.ts';

/** The bundled sample corpus, ingested when a run is given no sources. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../raw/samples/', import.meta.url));
/** Where downloaded files land, content-addressed (see pipeline/1-fetch). */
export const RAW_DIR = fileURLToPath(new URL('../../raw/', import.meta.url));

export interface IngestOptions {
  /** Files, folders, URLs, list files; none (and no sourcesFile) means the sample corpus. */
  inputs: string[];
  sourcesFile?: string;
  warehouse: string;
  rawDir?: string;
  force?: boolean;
  /**
   * Instead of the sources: every report of the warehouse that an older extractor version read,
   * re-read from its kept bytes (raw/, or its own local path) with the hints it was loaded with,
   * fetching nothing. A report whose bytes are gone stays as it was, a failed file of the run.
   */
  reextract?: boolean;
  /** Where the schema migrations are (sql/migrations by default; tests point it at fixtures). */
  migrationsDir?: string;
  concurrency?: number;
  /** Worker threads for decode → extract → validate; default: every core. */
  workers?: number;
  /** Only the sources of this slice (see pipeline/run/shard.ts), so N machines can split a corpus. */
  shard?: Shard;
  log: Logger;
  /** Shown on a terminal; one tick per source. */
  progress?: SingleBar;
  /** Aborting stops the run without publishing: the live warehouse stays as it was. */
  signal?: AbortSignal;
  /** Listing pages read per channel (default run/channels.ts DEFAULT_MAX_PAGES). */
  maxPages?: number;
  /** Requests at once to one host, and the pause between two to the same host (defaults in 1-fetch/crawler.ts). */
  perHost?: number;
  hostPauseMs?: number;
  /** Crawl channels where robots.txt forbids it (only for sites that agreed to it). */
  ignoreRobots?: boolean;
}

export interface IngestSummary {
  runId: string;
  status: 'ok' | 'sources_failed';
  filesSeen: number;
  filesFetched: number;
  filesUnchanged: number;
  filesExtracted: number;
  outcomes: Record<'loaded' | 'partial' | 'not_report' | 'failed' | 'unchanged', number>;
  /** Findings of the reports loaded this run, by severity, with the cross-year ones on a pair one of which it loaded. */
  findings: Record<Severity, number>;
  /** Of `findings`, the cross-year (xyear.*) ones. */
  findingsCrossYear: number;
  /**
   * Reports held by several files after the run (the whole warehouse), the files holding them and
   * the cells where copies disagree (copies.disagree findings). Null when the run loaded nothing.
   */
  copies: { reports: number; files: number; disagreements: number } | null;
  /**
   * Cross-year findings (xyear.*) of the whole warehouse after the run, by severity: they are
   * recomputed over every report, not just this run's. Null when the run loaded nothing and left
   * them as they were.
   */
  crossYear: Record<Severity, number> | null;
  cellsLoaded: number;
  /** Channels read (per channel in etl_channel): how many, how many could not be read at all, report pages listed, files newly loaded as reports. */
  channels: { read: number; failed: number; reportsFound: number; reportsNew: number };
  /** The dead run whose lock this one took over. */
  tookOverLockFrom: number | null;
}
