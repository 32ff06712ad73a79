-- Issue 40: what the fleet learned about Gemini models, shared by every process and kept across restarts.
-- The generation settings a model took after refusing the starting ones (one refused round trip per model for the
-- whole fleet), which models this key has no quota for (Google's "limit: 0") until Google's daily reset, and
-- whether a call's cost is an estimate (no price row named its model: costed at the highest price of its kind).
CREATE TABLE model_learned_settings (
    model TEXT PRIMARY KEY,
    settings TEXT NOT NULL,
    learned_at REAL NOT NULL
);
CREATE TABLE model_key_access (
    key_id TEXT NOT NULL,
    model TEXT NOT NULL,
    reason TEXT NOT NULL,
    until REAL NOT NULL,
    PRIMARY KEY (key_id, model)
);
ALTER TABLE model_usage ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
