"""The accord-bot command line: ask, chat, kb check, run."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bot.answering.knowledge import load
from bot.errors import EXIT_USAGE, AccordError, KnowledgeError

if TYPE_CHECKING:
    from bot.answering.models import Answer

MAX_ECHO = 2000
EXIT_PROBLEMS = 1  # kb check: the knowledge has problems (each listed)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def _fail(message: str) -> int:
    print(f"accord-bot: {message}", file=sys.stderr)
    return EXIT_USAGE


def _answerer(directory: str | None):  # type: ignore[no-untyped-def]
    from bot.answering.answerer import Answerer  # noqa: PLC0415 - keeps `kb check` light
    from bot.settings import load_settings  # noqa: PLC0415

    settings = load_settings()
    return Answerer(load(directory or settings.accord_knowledge_dir), thresholds=settings.thresholds())


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or with '-' each line of standard input."""
    from bot.console import render  # noqa: PLC0415

    bot = _answerer(args.knowledge)
    if args.question == ["-"]:
        failed = 0
        for line in sys.stdin:
            question = line.rstrip("\r\n")
            try:
                a = bot.answer(question)
            except Exception:  # a bug: its traceback on stderr, and one line still answers every question
                logging.getLogger("bot.cli").exception("answering failed")
                failed += 1
                a = apology(question)
            sys.stdout.write((a.model_dump_json() if args.json else render(a) + "\n") + "\n")
            sys.stdout.flush()
        return 1 if failed else 0
    a = bot.answer(" ".join(args.question))
    print(a.model_dump_json(indent=2) if args.json else render(a, color=sys.stdout.isatty()))
    return 0


def apology(question: str) -> Answer:
    """What a question gets when answering it failed: an apology, never a guess."""
    from bot.answering.models import Answer, line  # noqa: PLC0415

    text = "Sorry, something went wrong on my side while answering that. Please try again, or rephrase it."
    return Answer(kind="unknown", lines=(line(text),), confidence=0.0, question=question[:MAX_ECHO])


def cmd_chat(args: argparse.Namespace) -> int:
    """Chat in the terminal."""
    from bot.console import chat  # noqa: PLC0415

    return chat(_answerer(args.knowledge).answer)


def cmd_kb_check(args: argparse.Namespace) -> int:
    """Validate the knowledge directory and print a summary."""
    from bot.settings import load_settings  # noqa: PLC0415

    directory = args.directory or args.knowledge or load_settings().accord_knowledge_dir
    try:
        kb = load(directory)
    except KnowledgeError as exc:
        print(f"knowledge base invalid: {len(exc.problems)} problem(s)", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"knowledge base OK ({kb.directory}): {kb.summary()}")
    return 0


def cmd_kb_gaps(args: argparse.Namespace) -> int:
    """The most frequent unanswered questions and the answers with the most 👎."""
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415 - the database only where it is used

    from bot.settings import load_settings, sqlite_path  # noqa: PLC0415
    from bot.store.gaps import gap_report, render_table  # noqa: PLC0415
    from bot.store.store import Store  # noqa: PLC0415

    settings = load_settings()
    if not settings.secret("database_url"):
        db = sqlite_path(settings.accord_data_dir)
        if not db.exists():
            return _fail(f"no database at {db.resolve()} (ACCORD_DATA_DIR): run this with the bot's settings")
    store = Store(settings.database())
    try:
        report = gap_report(store, args.days, args.limit)
    except SQLAlchemyError as exc:
        return _fail(f"the database could not be read: {type(exc).__name__}")
    print(report.model_dump_json(indent=2) if args.json else render_table(report))
    return 0


def _is_this_bot(pid: int) -> bool:
    """Whether a process is an accord-bot server (its command line names the console script or the module)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return False
    return (
        "accord-bot" in cmdline or "bot.cli" in cmdline or "-m bot" in cmdline or "accord-worker" in cmdline
    )


def cmd_kb_reload(args: argparse.Namespace) -> int:
    """Check the knowledge files, then ask the running bot (SIGHUP) to load them without a restart."""
    import signal  # noqa: PLC0415

    from bot.server.serve import pid_file  # noqa: PLC0415
    from bot.settings import load_settings  # noqa: PLC0415

    settings = load_settings()
    if cmd_kb_check(argparse.Namespace(directory=None, knowledge=args.knowledge)) != 0:
        return _fail("not reloading: the knowledge base is invalid")
    path = pid_file(settings)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return _fail(f"no running bot found: no readable pid file at {path} (ACCORD_DATA_DIR)")
    if not _is_this_bot(pid):
        return _fail(
            f"the pid file {path} names process {pid}, which is not a running accord-bot; not signalled"
        )
    try:
        os.kill(pid, signal.SIGHUP)
    except OSError as exc:
        return _fail(f"could not signal the running bot (pid {pid}): {exc.strerror}")
    print(f"asked the running bot (pid {pid}) to reload its knowledge")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score a labelled question set: precision and recall per kind, confusion, slowest, threshold sweep."""
    from pathlib import Path  # noqa: PLC0415

    from bot.answering.evaluate import evaluate, load_items, render  # noqa: PLC0415

    items = load_items(Path(args.questions))
    bot = _answerer(args.knowledge)
    report = evaluate(items, bot.answer)
    print(report.model_dump_json(indent=2) if args.json else render(report))
    return 0


def slack_configured() -> bool:
    """Whether Slack credentials are set (Socket Mode app token, or an HTTP signing secret, with a bot token),
    in the environment or the .env file, as `serve` reads them."""
    from bot.settings import load_settings  # noqa: PLC0415

    settings = load_settings()
    return bool(settings.secret("slack_bot_token")) and settings.choose_mode(None) is not None


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the Slack app: Socket Mode with an app token, HTTP with a signing secret (or as --mode says)."""
    from urllib.error import URLError  # noqa: PLC0415

    from slack_bolt.error import BoltError  # noqa: PLC0415 - Slack stays off the console path
    from slack_sdk.errors import SlackClientError  # noqa: PLC0415

    from bot.server.serve import serve  # noqa: PLC0415

    try:
        return serve(getattr(args, "mode", None), args.knowledge)
    except (BoltError, SlackClientError) as exc:
        # Bolt reports a refused token (auth.test at start) as text holding Slack's response, not as a response.
        code = re.search(r"'error': '(\w+)'", str(exc))
        if code:
            return _fail(
                f"Slack refused SLACK_BOT_TOKEN: {code.group(1)} (check the token in the app's settings)"
            )
        return _fail(f"Slack refused the credentials: {type(exc).__name__}")
    except URLError as exc:
        reason = getattr(exc, "reason", exc)
        return _fail(f"Slack's Web API at SLACK_API_URL could not be reached: {reason}")


def cmd_run(args: argparse.Namespace) -> int:
    """Serve Slack when credentials are set, else open the console chat."""
    if slack_configured():
        return cmd_serve(args)
    print(
        "No Slack credentials set (SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET): "
        "opening the console chat.",
        file=sys.stderr,
    )
    return cmd_chat(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    knowledge_help = "knowledge directory (default: $ACCORD_KNOWLEDGE_DIR, else knowledge/)"
    common = _Parser(add_help=False)
    common.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS, help=knowledge_help)
    p = _Parser(prog="accord-bot", description="Answers questions about the Cybersecurity Tech Accord.")
    p.add_argument("--knowledge", metavar="DIR", default=None, help=knowledge_help)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = sub.add_parser("ask", parents=[common], help=cmd_ask.__doc__, description=cmd_ask.__doc__)
    ask.add_argument(
        "question", nargs="+", help="the question, or '-' to read one question a line from stdin"
    )
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON (one line each with '-')")
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser("chat", parents=[common], help=cmd_chat.__doc__, description=cmd_chat.__doc__)
    chat.set_defaults(func=cmd_chat)

    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, parser_class=_Parser)
    check = kb_sub.add_parser(
        "check", parents=[common], help=cmd_kb_check.__doc__, description=cmd_kb_check.__doc__
    )
    check.add_argument("directory", nargs="?", help="knowledge directory to check")
    check.set_defaults(func=cmd_kb_check)

    serve = sub.add_parser("serve", parents=[common], help=cmd_serve.__doc__, description=cmd_serve.__doc__)
    serve.add_argument(
        "--mode", choices=["socket", "http"], help="default: socket if SLACK_APP_TOKEN is set, else http"
    )
    serve.set_defaults(func=cmd_serve)

    gaps = kb_sub.add_parser(
        "gaps", parents=[common], help=cmd_kb_gaps.__doc__, description=cmd_kb_gaps.__doc__
    )
    gaps.add_argument("--days", type=int, default=30, help="how far back (default 30)")
    gaps.add_argument("--limit", type=int, default=20, help="rows per table (default 20)")
    gaps.add_argument("--json", action="store_true", help="print the report as JSON")
    gaps.set_defaults(func=cmd_kb_gaps)
    reload = kb_sub.add_parser(
        "reload", parents=[common], help=cmd_kb_reload.__doc__, description=cmd_kb_reload.__doc__
    )
    reload.set_defaults(func=cmd_kb_reload)

    ev = sub.add_parser("eval", parents=[common], help=cmd_eval.__doc__, description=cmd_eval.__doc__)
    ev.add_argument(
        "questions", help="a JSONL file of labelled questions (the format of shared/eval/dev.jsonl)"
    )
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.set_defaults(func=cmd_eval)

    run = sub.add_parser("run", parents=[common], help=cmd_run.__doc__, description=cmd_run.__doc__)
    run.set_defaults(func=cmd_run)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the accord-bot console script."""
    for stream in (sys.stdin, sys.stdout):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except AccordError as exc:  # every error of ours is one line for the operator and its exit status
        print(f"accord-bot: {exc.line()}", file=sys.stderr)
        return int(exc.exit_status)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
