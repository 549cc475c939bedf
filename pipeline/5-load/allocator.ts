// DuckDB's allocator (its own jemalloc) keeps pages it has freed for a second or more, to reuse
// them. Every load batch allocates and frees ~100 MB (the CSV reader's buffers, row groups being
// compressed), so those kept pages pile up into the ingest's peak: returning them at once lowered
// the peak RSS of 10k reports by 35–55 MB (alternating runs) and a load alone by ~100 MB, for at
// most a few % more CPU, within the noise (pages fault in again). SET allocator_flush_threshold and
// allocator_bulk_deallocation_flush_threshold did less and varied more (500–540 MB).
//
// jemalloc reads its options once, as the library loads, from this environment variable: it is
// set here, before pipeline/5-load/duckdb.ts imports the library. A value set outside is kept.
process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:0,muzzy_decay_ms:0';
