-- etl_channel: one row per run × channel read (sources.csv kind = channel): how its listing pages
-- went and what they led to. Answers "is every channel still being read, and finding anything?".
CREATE TABLE IF NOT EXISTS etl_channel (
    run_id              VARCHAR NOT NULL,  -- → etl_run
    channel             VARCHAR NOT NULL,  -- the listing page's URL as given
    pages_read          INTEGER NOT NULL,  -- listing pages read: new content, or 304 and the stored copy
    pages_unchanged     INTEGER NOT NULL,  -- of those, answered 304 Not Modified
    pages_failed        INTEGER NOT NULL,  -- listing pages that failed, or that robots.txt forbids
    complete            BOOLEAN NOT NULL,  -- every listing page announced was read within --max-pages
    reports_found       INTEGER NOT NULL,  -- report pages listed
    reports_new         INTEGER NOT NULL,  -- files found under it (report pages, attachments) loaded as a report for the first time
    reports_failed      INTEGER NOT NULL,  -- files found under it that failed this run
    reports_disallowed  INTEGER NOT NULL,  -- report pages listed that robots.txt forbids
    reason              VARCHAR            -- why no listing page could be read
);
