-- Issue 31: housekeeping shared by several processes on one database, and revocable studio logins.
-- held_by names the process that opened or is rendering a session, so a restart recovers only what a dead process
-- left half-way and never another live process's render.
ALTER TABLE sessions ADD COLUMN held_by TEXT;
-- The small-size legibility warning measured at delivery, so every front end shows it with the render, also later.
ALTER TABLE renders ADD COLUMN legibility_warning TEXT;
CREATE TABLE process_heartbeats (
    holder TEXT PRIMARY KEY,
    alive_until REAL NOT NULL
);
-- One process per database does a periodic chore (the orphan-file sweep) per lease period.
CREATE TABLE housekeeping_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until REAL NOT NULL
);
-- Studio logins (hosted mode): the cookie is a random token whose hash is kept here, so logout and forget revoke it.
CREATE TABLE web_logins (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX web_logins_by_user ON web_logins (user_id);
