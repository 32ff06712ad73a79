-- Bounded model spend (issue 15).
-- The tier a session was opened with fixes its allowance of image-model attempts.
ALTER TABLE sessions ADD COLUMN tier TEXT NOT NULL DEFAULT 'free';
-- Image-model attempts made for this session: delivered renders and failures the model was paid for
-- (safety blocks, empty results). Outages and timeouts give their attempt back.
ALTER TABLE sessions ADD COLUMN attempts_used INTEGER NOT NULL DEFAULT 0;

-- Coach turns per user per UTC day; one turn may fold several messages.
CREATE TABLE coach_usage (
    user_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    turns INTEGER NOT NULL DEFAULT 0 CHECK (turns >= 0),
    PRIMARY KEY (user_id, day)
);
