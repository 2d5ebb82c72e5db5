"""The command line, run as a subprocess exactly as users and the scorer run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE, ROOT

SHARED_EVAL = ROOT.parent / "shared" / "eval"


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_ask_prints_answer_and_source() -> None:
    p = run("ask", "did", "Apple", "sign?")
    assert p.returncode == 0, p.stderr
    assert "No. Apple did not sign" in p.stdout
    assert "Source: Reuters, Dustin Volz, 'Tech firms, including Microsoft and Facebook" in p.stdout
    assert "*" not in p.stdout and "&amp;" not in p.stdout


def test_ask_json() -> None:
    p = run("ask", "--json", "how many signed?")
    data = json.loads(p.stdout)
    assert data["kind"] == "fact" and "34" in data["text"]
    assert data["sources"][0]["date"] == "2018-04-17"


def test_ask_json_stdin_one_line_per_question_in_order() -> None:
    questions = ["did Apple sign?", "", "who led it?", "weather in Rome?", "Did Sony and Cisco sign?", "  "]
    p = run("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == len(questions)
    kinds = [json.loads(line)["kind"] for line in lines]
    assert kinds == ["signatory", "help", "fact", "unknown", "signatory", "help"]


def test_ask_stdin_survives_bad_bytes() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input=b"did \xff\xfe Apple sign?\n\x00\n",
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 2


def test_chat_without_a_terminal_answers_each_line_and_exits() -> None:
    p = run("chat", stdin="did cisco sign?\nhelp\n")
    assert p.returncode == 0
    assert "Yes. Cisco is one of the 34" in p.stdout
    assert "did Apple sign?" in p.stdout


def test_run_without_slack_credentials_opens_the_chat() -> None:
    p = run("run", stdin="did oracle sign?\n")
    assert p.returncode == 0
    assert "Oracle is one of the 34" in p.stdout
    assert "console chat" in p.stderr


def test_kb_check_ok() -> None:
    p = run("kb", "check")
    assert p.returncode == 0
    assert "34 signatories" in p.stdout and "as of 2018-04-17" in p.stdout


def test_kb_check_lists_every_problem(tmp_path: Path) -> None:
    target = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, target)
    text = (target / "companies.yaml").read_text(encoding="utf-8")
    text = text.replace("sources: [pledge-report]", "sources: [ghost]", 2)
    (target / "companies.yaml").write_text(text, encoding="utf-8")
    p = run("kb", "check", str(target))
    assert p.returncode == 1  # kb check: 1 with problems, each listed; 0 without
    assert "2 problem(s)" in p.stderr
    assert p.stderr.count("unknown source id 'ghost'") == 2


@pytest.mark.parametrize(
    "args", [["ask", "--knowledge", "/nonexistent", "x"], ["--knowledge", "/nonexistent", "ask", "x"]]
)
def test_bad_knowledge_is_one_line_and_exit_2(args: list[str]) -> None:
    p = run(*args)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
    assert "knowledge directory not found" in p.stderr


def test_invalid_knowledge_refuses_to_answer(tmp_path: Path) -> None:
    target = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, target)
    (target / "facts.yaml").write_text("facts: [", encoding="utf-8")
    p = run("ask", "did apple sign?", env={"ACCORD_KNOWLEDGE_DIR": str(target)})
    assert p.returncode == 2
    assert "facts.yaml:2: not valid YAML" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize(
    "args", [[], ["frobnicate"], ["ask"], ["ask", "--bogus", "x"], ["kb"], ["kb", "fix"]]
)
def test_bad_arguments_are_one_line_and_exit_2(args: list[str]) -> None:
    p = run(*args)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "accord-bot"
    assert script.exists()
    p = subprocess.run(
        [str(script), "ask", "did stripe sign"], capture_output=True, text=True, timeout=60, check=False
    )
    assert "Stripe is one of the 34" in p.stdout


@pytest.mark.skipif(
    not (SHARED_EVAL / "dev.jsonl").exists(), reason="the shared dev set is not beside this checkout"
)
def test_dev_set_score() -> None:
    script = Path(sys.executable).parent / "accord-bot"
    p = subprocess.run(
        [
            sys.executable,
            str(SHARED_EVAL / "score.py"),
            str(SHARED_EVAL / "dev.jsonl"),
            "--cmd",
            f"{script} ask --json -",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    last = p.stdout.strip().splitlines()[-1]
    accuracy = float(last.split()[1].rstrip("%"))
    wrong = int(last.split("wrong-confident ")[1].split(",")[0])
    assert accuracy >= 95 and wrong == 0, p.stdout


def test_did_you_mean_is_a_numbered_list_and_json_suggestions() -> None:
    p = run("ask", "who led it and what did he say?")
    assert "Did you mean:\n1. Who organised the accord?" in p.stdout
    data = json.loads(run("ask", "--json", "who led it and what did he say?").stdout)
    assert data["kind"] == "unknown" and data["did_you_mean"] is True
    assert data["suggestions"][0] == "Who organised the accord?"


def test_bad_threshold_setting_is_one_line() -> None:
    p = run("ask", "who led it?", env={"ANSWER_THRESHOLD": "2"})
    assert (
        p.returncode == 2 and "invalid ANSWER_THRESHOLD: Input should be less than or equal to 1" in p.stderr
    )
    assert p.stderr.count("\n") == 1


@pytest.mark.parametrize("word", ["quit", "exit", "Bye"])
def test_chat_ends_on_quit_without_answering_it(word: str) -> None:
    p = run("chat", stdin=f"did cisco sign?\n{word}\ndid apple sign?\n")
    assert p.returncode == 0
    assert "Cisco" in p.stdout and "Apple" not in p.stdout
    assert "don't know" not in p.stdout
