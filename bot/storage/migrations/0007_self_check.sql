-- Issue 16: the self-check's verdict on each delivered render, and how many automatic fixes it took.
ALTER TABLE renders ADD COLUMN check_verdict TEXT;
ALTER TABLE renders ADD COLUMN auto_fixes INTEGER NOT NULL DEFAULT 0;
