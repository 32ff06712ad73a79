-- Issue 10: tier sources with a scope, an audit of every change, Discord entitlements, ratings, failure kinds.

-- Overrides now carry a scope: guild_id 0 = global (set by a bot owner), otherwise only inside that server
-- (set by its managers, when quota.server_overrides is on).
CREATE TABLE tier_grants (
    user_id INTEGER NOT NULL,
    guild_id INTEGER NOT NULL DEFAULT 0,
    tier TEXT NOT NULL CHECK (tier IN ('free', 'pro', 'studio')),
    set_by INTEGER,
    set_at REAL NOT NULL,
    PRIMARY KEY (user_id, guild_id)
);

CREATE TABLE tier_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    actor_id INTEGER,
    actor_role TEXT NOT NULL CHECK (actor_role IN ('owner', 'manager', 'migration')),
    guild_id INTEGER,            -- where the change was made (NULL for the migration)
    user_id INTEGER NOT NULL,
    scope_guild_id INTEGER NOT NULL DEFAULT 0,  -- 0 = global
    old_tier TEXT,
    new_tier TEXT                -- NULL = override removed
);
CREATE INDEX tier_audit_by_guild ON tier_audit (scope_guild_id, id);

-- Existing overrides were global; they become owner-level (global) grants, keeping who set them.
INSERT INTO tier_grants (user_id, guild_id, tier, set_by, set_at)
    SELECT user_id, 0, tier, set_by, set_at FROM tier_overrides;
INSERT INTO tier_audit (at, actor_id, actor_role, guild_id, user_id, scope_guild_id, old_tier, new_tier)
    SELECT set_at, set_by, 'migration', NULL, user_id, 0, NULL, tier FROM tier_overrides;
DROP TABLE tier_overrides;

-- Discord App Subscriptions, as last seen in an interaction or an entitlement event.
CREATE TABLE entitlements (
    id INTEGER PRIMARY KEY,
    sku_id INTEGER NOT NULL,
    user_id INTEGER,
    guild_id INTEGER,            -- a guild subscription: applies to everyone inside that server
    starts_at REAL,
    ends_at REAL,
    deleted INTEGER NOT NULL DEFAULT 0,
    seen_at REAL NOT NULL
);
CREATE INDEX entitlements_by_user ON entitlements (user_id);
CREATE INDEX entitlements_by_guild ON entitlements (guild_id);

-- One rating per render, by its owner; changing it replaces it.
CREATE TABLE ratings (
    render_id INTEGER PRIMARY KEY REFERENCES renders (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    rated_at REAL NOT NULL
);

-- Failed renders by kind, for the operator's stats.
CREATE TABLE render_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('unavailable', 'timeout', 'safety', 'empty', 'other')),
    at REAL NOT NULL
);
CREATE INDEX render_failures_by_session ON render_failures (session_id);
