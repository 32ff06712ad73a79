-- Issue 41: outcomes carry facts, not sentences. A render the offline design engine drew because no image model
-- this key may use has quota (its project needs billing) says so with this flag; each front end words it. Renders
-- kept before carried the sentence as their note (their only note: the self-check does not look at them), so the
-- sentence becomes the flag.
ALTER TABLE renders ADD COLUMN billing_fallback INTEGER NOT NULL DEFAULT 0;
UPDATE renders SET billing_fallback = 1, note = NULL
WHERE note = 'Gemini''s image models need billing on this bot''s key (its free tier has no image quota), so the offline design engine drew this one.';
