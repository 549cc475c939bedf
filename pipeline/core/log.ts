// Logging through pino, always to stderr so that CSV written to stdout stays clean:
// pretty lines when stderr is a terminal, JSON lines otherwise (cron, pipes, CI);
// with a log file, JSON lines there too.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LogOptions {
  level?: string;
  /** Also append JSON lines to this file. */
  file?: string;
}

export function createLogger({ level = process.env.NIANBAO_LOG_LEVEL ?? 'info', file }: LogOptions = {}): Logger {
  const console = process.stderr.isTTY
    ? pretty({ destination: 2, colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' })
    : pino.destination({ dest: 2, sync: true });
  if (!file) return pino({ level, base: { pid: process.pid } }, console);
  const streams = pino.multistream([
    { level: level as pino.Level, stream: console },
    { level: level as pino.Level, stream: pino.destination({ dest: file, mkdir: true, sync: true }) },
  ]);
  return pino({ level, base: { pid: process.pid } }, streams);
}
