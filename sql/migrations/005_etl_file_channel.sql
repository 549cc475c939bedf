-- 005: etl_file records where a discovered file was found (channel discovery, issue 22).
ALTER TABLE etl_file ADD COLUMN IF NOT EXISTS channel VARCHAR;
ALTER TABLE etl_file ADD COLUMN IF NOT EXISTS found_on VARCHAR;
