"""`accord-bot serve` and `run`: mode selection, and one clear line for every missing or bad setting."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.errors import SettingsError
from bot.settings import Settings
from tests.conftest import ROOT
from tests.harness import Reply, StandIn


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ACCORD_", "PORT", "HOST"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**base, **env},
        cwd=ROOT,
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
        (["serve"], {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x", "PORT": "eighty"}, "invalid PORT"),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x", "LOG_LEVEL": "LOUD"},
            "invalid LOG_LEVEL",
        ),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x", "ACCORD_COMMAND": "accord"},
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
    assert "Slack refused the credentials" in p.stderr and "xoxb-bad-token-999" not in p.stderr
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
