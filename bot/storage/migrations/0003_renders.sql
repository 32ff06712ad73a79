-- A session is a series of renders. Each render keeps the model's own image (its source), so an edit can send it
-- back to the model and an export can re-run post-processing without a model call.
ALTER TABLE sessions ADD COLUMN renders_used INTEGER NOT NULL DEFAULT 0;
-- When the session ended (expired, cancelled, done): the Resume window counts from here.
ALTER TABLE sessions ADD COLUMN ended_at REAL;

CREATE TABLE renders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('generate', 'vary', 'edit')),
    source_sha256 TEXT NOT NULL,
    source_path TEXT NOT NULL,
    prompt TEXT NOT NULL,
    change_request TEXT,
    -- 0 when the render did not use the budget (e.g. delivered with its designed background after a doubtful cut-out).
    counted INTEGER NOT NULL DEFAULT 1,
    cutout_confidence REAL,
    note TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX renders_by_session ON renders (session_id, id);

-- Creations made before renders existed keep NULL: they still list and re-post, but cannot be exported.
ALTER TABLE creations ADD COLUMN render_id INTEGER REFERENCES renders (id) ON DELETE SET NULL;
