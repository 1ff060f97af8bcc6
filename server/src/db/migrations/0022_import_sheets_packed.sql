-- An import's sheets are kept until it is committed, as gzip-compressed JSON
-- (imports/packedSheets.ts), not jsonb: a 200,000-row ledger is 24 MB of
-- JSON, which the embedded database took longer than the statement timeout
-- to parse into jsonb (and the server could only answer 500), while its
-- 2 MB of gzip is written in a third of a second. The sheets are only ever
-- read whole, by the importer, never queried inside. Rows from before keep
-- their JSON, as plain UTF-8 bytes; the reader tells the two apart.
ALTER TABLE ledger_imports ALTER COLUMN sheets TYPE bytea USING convert_to(sheets::text, 'UTF8');
