-- Issue 44: every brand kit made is kept as it was delivered (its ZIP in one or two parts, its contact sheet and
-- its animated preview), so the gallery lists a render's kits and gives one again with no model call, no credit
-- and no redraw. One row per render and variant (the chat's matte, the name and the panel titles), the newest few
-- per render. The files are content-addressed beside the images and named one row each (as brand_kit_art), so
-- forget-me and the orphan sweep find them by exact name.
CREATE TABLE kept_kits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    render_id INTEGER NOT NULL REFERENCES renders (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    variant TEXT NOT NULL,
    name TEXT,
    matte TEXT NOT NULL,
    titles TEXT NOT NULL,
    style TEXT,
    files INTEGER NOT NULL,
    zip_bytes INTEGER NOT NULL,
    charged INTEGER NOT NULL,
    notes TEXT,
    created_at REAL NOT NULL,
    UNIQUE (render_id, variant)
);
CREATE INDEX kept_kits_by_user ON kept_kits (user_id, render_id);
CREATE TABLE kept_kit_files (
    kit_id INTEGER NOT NULL REFERENCES kept_kits (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    filename TEXT NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (kit_id, role, position)
);
CREATE INDEX kept_kit_files_by_path ON kept_kit_files (path);
