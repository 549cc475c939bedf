-- etl_file_stat: one row per local source file: its stat when its bytes were last read, and their
-- sha256. Answers "is this file still the one loaded?" without reading it: a rerun reads only the
-- files whose stat moved (pipeline/1-fetch/local.ts says which stats may vouch for bytes).
CREATE TABLE IF NOT EXISTS etl_file_stat (
    path      VARCHAR NOT NULL,  -- absolute path, as the report's origin
    bytes     BIGINT NOT NULL,
    mtime_ns  BIGINT NOT NULL,   -- last modification, ns since the epoch
    ctime_ns  BIGINT NOT NULL,   -- last change of content or metadata, ns since the epoch
    ino       UBIGINT NOT NULL,  -- inode number
    sha256    VARCHAR NOT NULL   -- of the bytes read with this stat
);
