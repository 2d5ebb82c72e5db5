"""The answering engine: question text in, a structured Answer out. No Slack, server or database import."""
