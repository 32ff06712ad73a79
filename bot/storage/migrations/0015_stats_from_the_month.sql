-- Issue 47: the operator's monthly stats read only the month's rows, from indexes alone.
-- A month's sessions: PostgreSQL reads an index alone only when it holds every column the query needs, the id
-- included (SQLite's indexes carry the rowid, the id, already).
DROP INDEX sessions_by_created;
CREATE INDEX sessions_by_created ON sessions (created_at, user_id, tier, credit_state, id);
DROP INDEX sessions_by_guild;
CREATE INDEX sessions_by_guild ON sessions (guild_id, created_at, user_id, tier, credit_state, id);
-- A session's renders, deliveries and failures come after it started: stats finds them from the month's start on,
-- through their own times, instead of joining every render, creation and failure ever recorded.
CREATE INDEX renders_by_time ON renders (created_at, session_id, auto_fixes, id);
CREATE INDEX creations_by_delivery ON creations (delivered_at, session_id);
CREATE INDEX render_failures_by_time ON render_failures (at, session_id, kind);
-- A render's stars without a visit to the rating's row (PostgreSQL; in SQLite render_id is the rowid).
CREATE INDEX ratings_by_render ON ratings (render_id, stars);
