"""/training: its view (state.py), the session's trainer, and one module per section."""
