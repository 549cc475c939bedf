// Exit codes of every nianbao command, for cron and monitoring. In a module of their own,
// without side effects, so command modules can share them without importing the CLI.
export const EXIT_OK = 0;
/** ingest finished and published, but some sources failed (see `nianbao status`). */
export const EXIT_SOURCES_FAILED = 1;
/** Nothing was changed: bad arguments, a lock held by a live run, an unusable warehouse, a failed query, or a run interrupted before publishing. */
export const EXIT_DID_NOT_RUN = 2;

export const EXIT_CODES_HELP = `
Exit codes:
  0  all good
  1  finished and published, but some sources failed
  2  did not run, nothing changed (bad arguments, lock held by a live run,
     warehouse unusable, interrupted before publishing)`;
