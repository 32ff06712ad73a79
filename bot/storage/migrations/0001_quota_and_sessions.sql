-- Tier overrides set by admins; they beat the role mapping from config.
CREATE TABLE tier_overrides (
    user_id INTEGER PRIMARY KEY,
    tier TEXT NOT NULL CHECK (tier IN ('free', 'pro', 'studio')),
    set_by INTEGER,
    set_at REAL NOT NULL
);

-- One row per user per UTC month: the month key makes the reset implicit.
CREATE TABLE monthly_usage (
    user_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
    PRIMARY KEY (user_id, month)
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    guild_id INTEGER,
    channel_id INTEGER NOT NULL,
    thread_id INTEGER UNIQUE,
    creation_type TEXT NOT NULL CHECK (creation_type IN ('profile_picture', 'streamer_logo')),
    style TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    colors TEXT NOT NULL DEFAULT '[]',
    brief TEXT NOT NULL DEFAULT '{}',
    options TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('opening', 'active', 'generating', 'completed', 'expired', 'cancelled')),
    -- The credit reserved at /profile create: spent on delivery, refunded on expiry or failure to open.
    credit_state TEXT NOT NULL CHECK (credit_state IN ('reserved', 'spent', 'refunded')),
    credit_month TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_activity_at REAL NOT NULL,
    warned_at REAL
);

-- One active session per user, enforced by the database rather than a racy check.
CREATE UNIQUE INDEX sessions_one_active_per_user ON sessions (user_id)
    WHERE status IN ('opening', 'active', 'generating');
CREATE INDEX sessions_by_status ON sessions (status, last_activity_at);
