// Local sources (paths and file:// URLs) are read in place: they already sit on disk,
// so copying them into raw/ would only double the space they take.
import { closeSync, fstatSync, openSync, readFileSync, statSync, type BigIntStats } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_FILE_BYTES } from '../core/limits.ts';
import type { FetchOutcome, FileStat, Source } from './types.ts';
import { fetchFinding } from './finding.ts';
import { urlFileName } from './remote.ts';
import { sha256Hex } from './store.ts';

/** Given a location (path, file:// or http(s) URL), returns the file's own name: the basename, or the URL's last segment. */
export function sourceNameOf(location: string): string {
  const path = localPath(location);
  return path === undefined ? urlFileName(location) : basename(path);
}

/** Given a location, returns the absolute path it names, or undefined for an http(s) URL. */
export function localPath(location: string): string | undefined {
  if (/^https?:\/\//i.test(location)) return undefined;
  return /^file:/i.test(location) ? fileURLToPath(location) : resolve(location);
}

/**
 * How long after a file's last modification its stat may vouch for its bytes: a write within the
 * file system's timestamp granularity (2 s on FAT, a clock tick elsewhere) of the read could leave
 * the stat as it was read.
 */
const SETTLED_NS = 2_000_000_000n;

/** Given a local source, its path and its stat, returns the sha256 its bytes are known to have, or undefined to read them. */
export type KnownSha256 = (source: Source, path: string, stat: FileStat) => string | undefined;

/**
 * Given a local source and its path, returns it read into a RawDoc, or failed with fetch.missing or
 * fetch.too_large; or, when `known` vouches for the file's stat, `unchanged` with the sha256 known,
 * unread. Read synchronously: fs/promises' readFile takes four thread-pool
 * round trips and ~15× the CPU per small file (measured: 10k reports, 2.2 s against 0.15 s),
 * while a report read whole blocks this thread for microseconds.
 */
export function readLocal(source: Source, path: string, known?: KnownSha256): FetchOutcome {
  const seen = known && statSync(path, { bigint: true, throwIfNoEntry: false });
  const knownSha256 = seen ? known(source, path, fileStatOf(seen)) : undefined;
  if (knownSha256 !== undefined) return { source, status: 'unchanged', knownSha256 };
  let bytes: Uint8Array;
  let stat: BigIntStats;
  try {
    const fd = openSync(path, 'r');
    try {
      // A file past the limit is never read: one huge file must not exhaust the run's memory.
      stat = fstatSync(fd, { bigint: true });
      if (stat.size > MAX_FILE_BYTES) {
        return { source, status: 'failed', finding: fetchFinding('fetch.too_large', `${path} is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit for one file`) };
      }
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    return { source, status: 'failed', finding: fetchFinding('fetch.missing', `cannot read ${path} (${why})`) };
  }
  const settled = stat.mtimeNs < BigInt(Date.now()) * 1_000_000n - SETTLED_NS;
  return {
    source,
    status: 'fetched',
    raw: { source: sourceNameOf(path), origin: path, bytes, sha256: sha256Hex(bytes), hints: source.hints },
    ...(settled && { stat: fileStatOf(stat) }),
  };
}

/** Given a file's stats, returns what of them vouches for its bytes. */
function fileStatOf(s: BigIntStats): FileStat {
  return { bytes: Number(s.size), mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, ino: s.ino };
}
