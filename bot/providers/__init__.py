"""Chat and image providers: Gemini (google-genai) and the offline fallback."""
