// Timing the real CLI (`bin/nianbao.mjs`) as a user runs it: a process of its own, start-up
// included, its peak RSS read by GNU time where that is installed.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isInstalled } from './installed.ts';

const BIN = resolve(import.meta.dirname, '../bin/nianbao.mjs');
/** GNU time (package `time`), for a child's peak RSS; without it RSS is not reported. */
const GNU_TIME = '/usr/bin/time';
const HAS_GNU_TIME = isInstalled(GNU_TIME, ['--version']);

export interface CommandFigures {
  seconds: number;
  /** Peak RSS in MB; null without GNU time. */
  peakRssMb: number | null;
}

/** Given a command and its arguments, runs it to the end and returns its wall time and peak RSS (a non-zero exit still counts). */
export function timeCommand(command: string, args: string[]): CommandFigures {
  const rssFile = join(tmpdir(), `nianbao-bench-rss-${process.pid}`);
  const [cmd, ...rest] = HAS_GNU_TIME ? [GNU_TIME, '-f', '%M', '-o', rssFile, command, ...args] : [command, ...args];
  const started = performance.now();
  try {
    execFileSync(cmd, rest, { stdio: 'ignore' });
  } catch {
    // nianbao exits 1 when a source failed, pdftotext on a broken file: the time still counts.
  }
  const seconds = (performance.now() - started) / 1000;
  let peakRssMb: number | null = null;
  if (HAS_GNU_TIME) {
    peakRssMb = Math.round(Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024);
    rmSync(rssFile, { force: true });
  }
  return { seconds, peakRssMb };
}

/** Given the CLI's arguments, times `node bin/nianbao.mjs …`. */
export function timeCli(args: string[]): CommandFigures {
  return timeCommand(process.execPath, [BIN, ...args]);
}

/** Given figures, returns them as "12.34 s, peak RSS 350 MB". */
export function describeCommand(f: CommandFigures): string {
  return `${f.seconds.toFixed(2)} s${f.peakRssMb === null ? '' : `, peak RSS ${f.peakRssMb} MB`}`;
}
