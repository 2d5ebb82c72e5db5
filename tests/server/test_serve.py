"""`accord-bot serve` and `run`: mode selection, and one clear line for every missing or bad setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import SettingsError
from bot.settings import Settings
from tests.conftest import ROOT
from tests.harness import Reply, StandIn


def run(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`accord-bot ARGS` in `cwd` with only `env` of our settings (none inherited), expected to stop."""
    prefixes = ("SLACK_", "ACCORD_", "DATABASE_", "PORT", "HOST")
    base = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["serve"], {}, "no Slack credentials"),
        (["serve", "--mode", "http"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "http mode needs SLACK_SIGNING_SECRET"),
        (["serve", "--mode", "http"], {"SLACK_SIGNING_SECRET": "s"}, "http mode needs SLACK_BOT_TOKEN"),
        (
            ["serve", "--mode", "socket"],
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"},
            "socket mode needs SLACK_APP_TOKEN",
        ),
        (["serve", "--mode", "ftp"], {}, "invalid choice"),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "PORT": "eighty"},
            "invalid PORT",
        ),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "LOG_LEVEL": "LOUD"},
            "invalid LOG_LEVEL",
        ),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "ACCORD_COMMAND": "accord"},
            "invalid ACCORD_COMMAND",
        ),
    ],
)
def test_missing_or_bad_settings_are_one_line_and_exit_2(
    args: list[str], env: dict[str, str], message: str
) -> None:
    p = run(args, env)
    assert p.returncode == 2
    assert message in p.stderr
    assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr


def test_rejected_token_is_one_line_and_exit_2() -> None:
    standin = StandIn()
    try:
        standin.then("auth.test", Reply(200, {"ok": False, "error": "invalid_auth"}))
        p = run(
            ["serve", "--mode", "http"],
            {
                "SLACK_BOT_TOKEN": "xoxb-bad-token-999",
                "SLACK_SIGNING_SECRET": "s",
                "SLACK_API_URL": standin.url,
            },
        )
    finally:
        standin.close()
    assert p.returncode == 2
    assert "Slack refused SLACK_BOT_TOKEN: invalid_auth" in p.stderr and "xoxb-bad-token-999" not in p.stderr
    assert "Traceback" not in p.stderr


def test_unreachable_slack_is_one_line_and_exit_2() -> None:
    p = run(
        ["serve", "--mode", "http"],
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": "http://127.0.0.1:9/api/",
        },
    )
    assert p.returncode == 2
    assert "could not be reached" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize(
    ("env", "requested", "mode"),
    [
        ({"SLACK_APP_TOKEN": "xapp-1"}, None, "socket"),
        ({"SLACK_SIGNING_SECRET": "s"}, None, "http"),
        ({"SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"}, None, "socket"),
        ({"SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"}, "http", "http"),
        ({}, None, None),
        ({"SLACK_APP_TOKEN": ""}, None, None),
    ],
)
def test_mode_choice(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], requested: str | None, mode: str | None
) -> None:
    for k in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    settings = Settings(_env_file=None)
    assert settings.choose_mode(requested) == mode  # type: ignore[arg-type]


def test_secrets_never_print(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    settings = Settings(_env_file=None)
    assert "xoxb-very-secret" not in repr(settings) and "xoxb-very-secret" not in str(settings.model_dump())
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        settings.require("http")


def test_dotenv_file_is_read(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PORT", raising=False)
    (tmp_path / ".env").write_text("PORT=4321\nACCORD_COMMAND=/pledge\n")  # type: ignore[operator]
    settings = Settings()
    assert (settings.port, settings.accord_command) == (4321, "/pledge")


@pytest.mark.parametrize(
    ("env", "line"),
    [
        (
            {"DATABASE_URL": "postgres://u:p@db/x"},
            "DATABASE_URL: use the psycopg driver, postgres:// → postgresql+psycopg://",
        ),
        (
            {"DATABASE_URL": "mysql://u:p@db/x"},
            "DATABASE_URL: mysql is not supported, only PostgreSQL and SQLite",
        ),
        (
            {"DATABASE_URL": "garbage"},
            "DATABASE_URL is not a database URL; for example postgresql+psycopg://",
        ),
        (
            {"SLACK_API_URL": "notaurl"},
            "invalid SLACK_API_URL: 'notaurl' is not a URL; for example https://slack.com/api/",
        ),
        (
            {"SLACK_BOT_TOKEN": "xapp-1-A1-2"},
            "invalid SLACK_BOT_TOKEN: holds an app-level token (xapp-…); it should start with xoxb-",
        ),
        (
            {"SLACK_APP_TOKEN": "xoxb-2"},
            "invalid SLACK_APP_TOKEN: holds a bot token (xoxb-…); it should start with xapp-",
        ),
    ],
    ids=[
        "postgres scheme",
        "mysql",
        "garbage url",
        "api url",
        "app token as bot token",
        "bot token as app token",
    ],
)
def test_each_bad_setting_is_one_line_naming_it(tmp_path: Path, env: dict[str, str], line: str) -> None:
    settings = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "ACCORD_DATA_DIR": str(tmp_path)}
    p = run(["serve", "--mode", "http"], {**settings, **env}, cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    assert (
        p.stderr.strip().splitlines()[-1] == f"accord-bot: {line}"
        or line in p.stderr.strip().splitlines()[-1]
    )
    assert "Traceback" not in p.stderr


def test_an_unreadable_env_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").mkdir()  # a directory where the file should be: it cannot be read, even by root
    p = run(["serve"], {}, cwd=tmp_path)
    assert p.returncode == 2 and p.stderr.strip().startswith("accord-bot: .env cannot be read")
    assert "Traceback" not in p.stderr


def test_a_port_in_use_fails_before_starting(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "ACCORD_DATA_DIR": str(tmp_path),
        }
        p = run(
            ["serve", "--mode", "http"],
            {**settings, "PORT": str(port), "SLACK_API_URL": StandIn().url},
            cwd=tmp_path,
        )
    assert p.returncode == 2
    assert f"PORT: 127.0.0.1:{port} cannot be used" in p.stderr and "startup complete" not in p.stderr.lower()
    assert "Traceback" not in p.stderr
    assert "will be unused" not in p.stderr  # no warning on an otherwise clean start
