// Running beside a live warehouse: a lock so two runs never overlap, and a staged copy that is renamed
// over the live file only once it is complete. rename(2) swaps the directory entry atomically, so a
// killed run leaves the live file byte-for-byte as it was, and a reader that has it open keeps its
// inode (the old state) until it reopens.
import { constants, existsSync, openSync, closeSync, fsyncSync, readFileSync, writeSync, unlinkSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';

export interface LockInfo {
  pid: number;
  startedAt: string;
  host: string;
}

export class LockHeldError extends Error {
  constructor(readonly lockPath: string, readonly holder: LockInfo) {
    super(`${lockPath} is held by pid ${holder.pid} on ${holder.host} since ${holder.startedAt}`);
  }
}

export class WarehouseBusyError extends Error {}

export interface Lock {
  path: string;
  /** The dead run's lock this one replaced, if any. */
  tookOver: LockInfo | null;
  release(): void;
}

export const lockPathOf = (warehouse: string) => `${warehouse}.lock`;
export const stagePathOf = (warehouse: string) => `${warehouse}.next`;
/**
 * The run's staging files (stage.ts): beside the warehouse and under its lock, so the files a run
 * killed mid-batch leaves behind are cleared by the next run, not left in the temp folder.
 */
export const loadDirOf = (warehouse: string) => `${warehouse}.load`;

/**
 * Takes the warehouse's lock file (pid, start time, host), created with O_EXCL. A lock left by a
 * process that no longer exists on this host is taken over; a live one throws LockHeldError.
 */
export function acquireLock(warehouse: string): Lock {
  const path = lockPathOf(warehouse);
  const me: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), host: hostname() };
  let tookOver: LockInfo | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
      writeSync(fd, JSON.stringify(me));
      fsyncSync(fd);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = readLock(path);
      if (holder && isAlive(holder)) throw new LockHeldError(path, holder);
      // Dead holder (or an unreadable, half-written lock): take it over once.
      tookOver = holder;
      unlinkSync(path);
    }
  }
  return {
    path,
    tookOver,
    release: () => {
      const holder = readLock(path);
      if (holder?.pid === me.pid && holder.startedAt === me.startedAt) unlinkSync(path);
    },
  };
}

function readLock(path: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** A pid on another host cannot be checked, so it counts as alive. */
function isAlive(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Prepares `<warehouse>.next`: a copy of the live warehouse (or nothing, when there is none yet, so the
 * run builds it anew), after clearing whatever a killed run left there.
 */
export async function stageCopy(warehouse: string): Promise<string> {
  if (existsSync(`${warehouse}.wal`)) {
    throw new WarehouseBusyError(
      `${warehouse}.wal exists: something writes the live warehouse directly (open it READ_ONLY), or a writer crashed; ` +
        'open it once with duckdb to replay and checkpoint, then run again',
    );
  }
  const next = stagePathOf(warehouse);
  await discardStage(warehouse);
  if (existsSync(warehouse)) await copyFile(warehouse, next, constants.COPYFILE_FICLONE);
  return next;
}

/** Renames the checkpointed, closed `<warehouse>.next` over the live file, durably. */
export async function publishStage(warehouse: string): Promise<void> {
  const next = stagePathOf(warehouse);
  if (existsSync(`${next}.wal`)) throw new Error(`${next}.wal exists: the staged warehouse was not checkpointed and closed`);
  fsyncPath(next);
  await rename(next, warehouse);
  fsyncPath(dirname(warehouse));
}

export async function discardStage(warehouse: string): Promise<void> {
  const next = stagePathOf(warehouse);
  await rm(next, { force: true });
  await rm(`${next}.wal`, { force: true });
}

function fsyncPath(path: string): void {
  const fd = openSync(path, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
