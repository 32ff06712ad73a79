-- PostgreSQL's version of ../migrations/0013_scale_indexes.sql: only the JSON function differs.
-- Issue 47: what the operator's scans, forget-me and housekeeping look up, indexed, so each costs what it touches
-- (a month of sessions, one user's rows, the live sessions) instead of all history.
-- Stats: a month's sessions (all, or one server's), and whether each one delivered a creation. The columns stats
-- reads ride along in the index, so a month is read from the index alone, without a visit to each session's row.
CREATE INDEX sessions_by_created ON sessions (created_at, user_id, tier, credit_state);
CREATE INDEX sessions_by_guild ON sessions (guild_id, created_at);
-- Forget-me: a user's rows (the partial index on sessions covers only live ones), and the ON DELETE SET NULL rules
-- creations.session_id and creations.render_id run for every deleted session and render.
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX renders_by_user ON renders (user_id);
CREATE INDEX ratings_by_user ON ratings (user_id);
CREATE INDEX creations_by_session ON creations (session_id, delivered_at);
CREATE INDEX creations_by_render ON creations (render_id);
-- "Is this file still used by someone?" (forget-me, the orphan sweep) by exact name.
CREATE INDEX creations_by_path ON creations (relative_path);
CREATE INDEX renders_by_source ON renders (source_path);
-- Creations not yet posted, looked for at every start.
CREATE INDEX creations_undelivered ON creations (id) WHERE delivered_at IS NULL;
-- A brand kit's art files one row each (the JSON in brand_kits.art can only be searched with LIKE '%…%').
CREATE TABLE brand_kit_art (
    kit_id BIGINT NOT NULL REFERENCES brand_kits (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    PRIMARY KEY (kit_id, path)
);
CREATE INDEX brand_kit_art_by_path ON brand_kit_art (path);
INSERT INTO brand_kit_art (kit_id, path) SELECT DISTINCT k.id, j.value FROM brand_kits k, json_each_text(k.art::json) j;
