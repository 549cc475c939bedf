// Logging through pino, always to stderr so that CSV written to stdout stays clean:
// pretty lines when stderr is a terminal, JSON lines otherwise (cron, pipes, CI);
// with a log file, JSON lines there too.
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type Pretty from 'pino-pretty';

/** pino-pretty, loaded only for a terminal: its module graph is ~60 ms of every start (measured) that cron and pipes never use. */
const prettyStream = (options: Pretty.PrettyOptions) => (createRequire(import.meta.url)('pino-pretty') as typeof Pretty)(options);

export type { Logger };

export interface LogOptions {
  level?: string;
  /** Also append JSON lines to this file. */
  file?: string;
}

export function createLogger({ level = process.env.NIANBAO_LOG_LEVEL ?? 'info', file }: LogOptions = {}): Logger {
  const console = process.stderr.isTTY
    ? prettyStream({ destination: 2, colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' })
    : pino.destination({ dest: 2, sync: true });
  if (!file) return pino({ level, base: { pid: process.pid } }, console);
  const streams = pino.multistream([
    { level: level as pino.Level, stream: console },
    { level: level as pino.Level, stream: pino.destination({ dest: file, mkdir: true, sync: true }) },
  ]);
  return pino({ level, base: { pid: process.pid } }, streams);
}
