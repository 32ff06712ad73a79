-- Issue 11: reference images (an upload, the user's avatar, images attached in the thread). Kept only for the
-- session and its resume window; the files live under data_dir/references/<session id>/.
CREATE TABLE session_references (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('upload', 'avatar', 'message')),
    relative_path TEXT NOT NULL,
    mime TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX session_references_by_session ON session_references (session_id, id);
CREATE INDEX session_references_by_user ON session_references (user_id);
