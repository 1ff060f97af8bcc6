-- A ledger writes its values the way its clerks do: 区城管局 for a unit, 路灯维修
-- for a kind, 城关 for a street. The planner decides once per value what it
-- means; the decision is kept with the ledger, so the next file of the same
-- ledger resolves the value without asking. Shape:
--   {"unit": {"区城管局": 12}, "kind": {"亮化工程": "streetlight"},
--    "status": {"已结": "completed"}, "street": {"城关": 501}}
-- keyed by the value as compared (no spaces, half-width, lower case).
ALTER TABLE ledgers ADD COLUMN value_choices jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(value_choices) = 'object');

-- The values of an import's preview that did not match exactly, how many rows
-- carry each, and what the preview suggests: what the planner reconciles.
ALTER TABLE ledger_imports ADD COLUMN value_review jsonb;
