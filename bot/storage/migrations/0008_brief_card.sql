-- Issue 12: the brief card is one message per session, edited after every turn.
ALTER TABLE sessions ADD COLUMN card_message_id INTEGER;
