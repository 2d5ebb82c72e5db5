"""The Slack surfaces: rendering, listeners, the Bolt app and the servers that run it."""
