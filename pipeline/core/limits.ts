// Limits every stage applies alike, so that fetch refuses what decode would refuse.
/**
 * The largest file decoded. Reports run from 50 KB to a few MB (scans up to ~30 MB);
 * beyond this a file is an archive, a video or a wrong URL, and decoding it would take
 * gigabytes. The run should apply the same limit before it reads or ships a file at all.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
