-- Issue 33: a brand kit's wide art painted by the model is kept, so getting the kit again (other titles, the other
-- chat matte) makes no model call and spends no credit. One kit per render; offline kits need no row (the design
-- engine draws them again from the render's own design).
CREATE TABLE brand_kits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    render_id INTEGER NOT NULL UNIQUE REFERENCES renders (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    art TEXT NOT NULL,
    image_calls INTEGER NOT NULL,
    credit_month TEXT NOT NULL,
    notes TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX brand_kits_by_user ON brand_kits (user_id);
