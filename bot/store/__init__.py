"""Persistent state: unanswered questions, answer feedback and answered Slack events, in SQLite or PostgreSQL."""
