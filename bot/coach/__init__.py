"""The design coach: brief model, validation rules, prompts and the conversation service."""
