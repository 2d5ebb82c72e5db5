"""The one base error: every error an operator may meet carries its one-line message and exit status.

`bot.cli.main` turns any of them into that line on stderr and that status; anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

EXIT_USAGE = 2  # a bad setting, argument, file or credential


class AccordError(Exception):
    """Base of the bot's own errors: `line()` is what the operator reads, `exit_status` what the shell gets."""

    exit_status = EXIT_USAGE

    def line(self) -> str:
        """The one-line message."""
        return str(self)


class UsageError(AccordError):
    """A command-line argument or its input is wrong; the message says which."""


class SettingsError(AccordError):
    """A setting is missing or invalid; the message names the variable."""


class EvalError(AccordError):
    """A labelled question file cannot be read; the message names the line."""


class KnowledgeError(AccordError):
    """The knowledge base is invalid; `problems` lists every problem found, each naming file, entry and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems

    def line(self) -> str:
        """The first problem, and where to see the rest."""
        more = " …; run 'accord-bot kb check' for all" if len(self.problems) > 1 else ""
        return f"knowledge base invalid ({len(self.problems)} problem(s)): {self.problems[0]}{more}"
