"""The live session: one session in memory that screens change and watch (no Textual here)."""
