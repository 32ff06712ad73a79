-- Issue 42: when the owner was told, once per session, that Discord withheld their message's text (no Message
-- Content intent); kept with the session so a restart does not tell them again.
ALTER TABLE sessions ADD COLUMN content_hint_at REAL;
