"""Client endpoints: tokens (auth.py), reports (reports.py), notices (notices.py)."""
