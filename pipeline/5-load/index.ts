// Load stage: the DuckDB warehouse. Reports in, rows out; the run ledger; staging and publishing.
export { openForWriting, openForReading, checkpointAndClose, close, queryRows, reopen, type Warehouse, type SchemaState } from './warehouse.ts';
export { WarehouseTooNew, MIGRATIONS_DIR, olderSchemaNotice } from './schema.ts';
export { loadReports, loadStaged, storedReports, type LoadCounts, type StoredReport } from './reports.ts';
export { reportIdOf, hintsJson, type LoadItem, type LoadContext } from './rows.ts';
export { serialiseReport, StagedBatch, type SerialisedReport } from './stage.ts';
export { recordRun, type RunRecord, type FileRecord, type FileOutcome } from './runs.ts';
export {
  acquireLock, stageCopy, publishStage, discardStage, loadDirOf, lockPathOf, stagePathOf,
  LockHeldError, WarehouseBusyError, type Lock, type LockInfo,
} from './publish.ts';
