"""accord-bot: answers questions about the Cybersecurity Tech Accord from a curated, sourced fact base."""

__version__ = "0.1.0"
