"""The web UI's helpers (app.py is the page): `render` (answers as escaped HTML with their sources, checks and
glossary), `charts` (chart data from the disclosure's tables, matplotlib figures), `feedback` (the enquiry
record in SQLite), `chat` (conversation turns with a per-session follow-up context)."""
