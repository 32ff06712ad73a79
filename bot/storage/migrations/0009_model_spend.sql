-- Issue 29: a coach turn's thought signature (Gemini asks for it back exactly as sent), and every model call's
-- usageMetadata, per session and render, for the operator's spend figures and the daily budget.
ALTER TABLE session_messages ADD COLUMN signature TEXT;
CREATE TABLE model_usage (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER,
    render_number INTEGER,
    model TEXT NOT NULL,
    call TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    thought_tokens INTEGER NOT NULL,
    images INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX model_usage_by_time ON model_usage (at);
CREATE INDEX model_usage_by_session ON model_usage (session_id);
