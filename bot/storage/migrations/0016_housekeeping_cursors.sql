-- Issue 47: where a chore's walk got to, so its next pass goes on from there: the orphan-file sweep compares a
-- slice of the folders per pass instead of every file on disk.
CREATE TABLE housekeeping_cursors (
    name TEXT PRIMARY KEY,
    position TEXT NOT NULL
);
