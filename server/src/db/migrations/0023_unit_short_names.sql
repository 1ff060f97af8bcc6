-- The short names (简称) a unit goes by in ledgers and lists: 区城管局 for
-- 石鼓区城市管理和综合执法局. A ledger import resolves a unit by its name or
-- one of these; a planner's choice for a value a ledger wrote is remembered
-- here, so the next ledger resolves it without asking.
ALTER TABLE units ADD COLUMN short_names text[] NOT NULL DEFAULT '{}';
ALTER TABLE units ADD CONSTRAINT units_short_names_bounded CHECK (cardinality(short_names) <= 50);
