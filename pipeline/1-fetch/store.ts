// The raw store: fetched bytes content-addressed by sha256 under raw/<2 hex>/<sha256>,
// and one sidecar JSON per URL under raw/by-url/ recording how and when it was fetched.
// Every write goes to a temp file in the same directory, is fsynced, then renamed into
// place, so a reader (or the next run after a kill) never sees a half-written file.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What the last successful fetch of one URL left behind; conditional GETs are built from it. */
export interface Sidecar {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  sha256: string;
  bytes: number;
}

/** Sidecars end in this so a folder walk can tell them from documents. */
export const SIDECAR_SUFFIX = '.fetch.json';

/** Given bytes, returns their sha256 as lowercase hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Given the raw dir and a content hash, returns where those bytes are stored. */
export function blobPath(rawDir: string, sha: string): string {
  return join(rawDir, sha.slice(0, 2), sha);
}

/** Given the raw dir and a URL, returns the path of that URL's sidecar. */
export function sidecarPath(rawDir: string, url: string): string {
  return join(rawDir, 'by-url', sha256Hex(url) + SIDECAR_SUFFIX);
}

/** Given a path and bytes, writes them so the path holds either the old file or the whole new one. */
export async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // A dotfile, so a folder walk over raw/ skips leftovers from a killed run.
  const tmp = join(dirname(path), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmp, path);
}

/** Given the raw dir, bytes and their hash, stores them unless the same content is already there. */
export async function storeBlob(rawDir: string, sha: string, bytes: Uint8Array): Promise<string> {
  const path = blobPath(rawDir, sha);
  if (!(await exists(path))) await writeAtomic(path, bytes);
  return path;
}

/** Given the raw dir and a URL, returns its sidecar, or undefined when there is none or its blob is gone. */
export async function readSidecar(rawDir: string, url: string): Promise<Sidecar | undefined> {
  let sidecar: Sidecar;
  try {
    sidecar = JSON.parse(await readFile(sidecarPath(rawDir, url), 'utf8')) as Sidecar;
  } catch {
    // Missing or unreadable: the URL is fetched as if for the first time.
    return undefined;
  }
  // Without the bytes a 304 would leave nothing to hand on, so the sidecar must not be used.
  return (await exists(blobPath(rawDir, sidecar.sha256))) ? sidecar : undefined;
}

/** Given the raw dir and a sidecar, records it as the URL's latest fetch. */
export async function writeSidecar(rawDir: string, sidecar: Sidecar): Promise<void> {
  await writeAtomic(sidecarPath(rawDir, sidecar.url), JSON.stringify(sidecar, null, 2) + '\n');
}

/** Given a path, returns whether something is there. */
async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
