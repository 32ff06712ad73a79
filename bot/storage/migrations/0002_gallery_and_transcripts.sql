-- The coach transcript, so a session resumes after a restart with its context.
CREATE TABLE session_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'model')),
    content TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX session_messages_by_session ON session_messages (session_id, id);

-- Images are files named by their SHA-256; this table is the gallery index.
CREATE TABLE creations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    sha256 TEXT NOT NULL,
    relative_path TEXT NOT NULL,
    creation_type TEXT NOT NULL,
    style TEXT NOT NULL,
    size INTEGER NOT NULL,
    format TEXT NOT NULL,
    background TEXT NOT NULL,
    prompt TEXT NOT NULL,
    offline INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    -- Recorded before posting; NULL until Discord accepted the attachment, so a restart re-posts it.
    delivered_at REAL
);
CREATE INDEX creations_by_user ON creations (user_id, id DESC);
