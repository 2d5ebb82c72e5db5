"""The console: answers rendered as plain terminal text, and an interactive chat loop."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.answering.models import Answer

PROMPT = "accord> "
QUIT = frozenset(["quit", "exit", ":q", "bye", "goodbye", "/quit", "/exit"])  # end the chat, never asked


def render(answer: Answer, color: bool = False) -> str:
    """An answer as terminal text: strong runs in bold when `color`, then the sources."""
    lines = []
    for ln in answer.lines:
        text = "".join(
            f"\033[1m{r.text}\033[0m" if color and r.strong and r.text.strip() else r.text for r in ln.runs
        )
        lines.append(f"• {text}" if ln.style == "bullet" else text)
    lines.extend(f"Source: {c}" for c in answer.source_lines())
    return "\n".join(lines)


def _history_file() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "accord-bot" / "history"


def chat(ask: Callable[[str], Answer], stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Answer questions until end of input; interactive (prompt, line editing, history) on a terminal."""
    interactive = stdin.isatty() and stdout.isatty()
    if not interactive:
        for line in stdin:
            if line.strip().lower() in QUIT:
                break
            print(render(ask(line.rstrip("\n"))), file=stdout, flush=True)
            print(file=stdout, flush=True)
        return 0
    import readline  # noqa: PLC0415 - only an interactive session needs line editing

    history = _history_file()
    with contextlib.suppress(OSError):  # no history yet
        readline.read_history_file(history)
    print("Ask about the Cybersecurity Tech Accord ('help' for examples, Ctrl-D to quit).", file=stdout)
    choices: tuple[str, ...] = ()
    try:
        while True:
            try:
                line = input(PROMPT)
            except KeyboardInterrupt:
                print(file=stdout)
                continue
            if line.strip().lower() in QUIT:
                break
            if line.strip().isdigit() and 1 <= int(line) <= len(
                choices
            ):  # picking a "did you mean" candidate
                line = choices[int(line) - 1]
            answer = ask(line)
            choices = answer.suggestions if answer.did_you_mean else ()
            print(render(answer, color=True), file=stdout)
            if choices:
                print("(type a number to choose)", file=stdout)
            print(file=stdout)
    except EOFError:
        print(file=stdout)
    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(history)
    except OSError as exc:
        print(f"(history not saved: {exc})", file=sys.stderr)
    return 0
