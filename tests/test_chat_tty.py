"""The interactive chat, driven through a real pseudo-terminal: prompt, answers, history saved."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def read_until(fd: int, needle: bytes, timeout: float = 20) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while needle not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


def test_chat_on_a_terminal(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "XDG_STATE_HOME": str(tmp_path),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env=env,
    )
    os.close(follower)
    try:
        assert b"accord> " in read_until(leader, b"accord> ")
        os.write(leader, b"did apple sign?\r")
        out = read_until(leader, b"accord> ")
        assert b"Apple" in out and b"did not sign" in out and b"Source: Reuters" in out
        os.write(leader, b"who led it and what did he say?\r")
        out = read_until(leader, b"accord> ")
        assert b"1. Who organised the accord?" in out and b"type a number" in out
        os.write(leader, b"1\r")
        out = read_until(leader, b"accord> ")
        assert b"Brad Smith" in out
        os.write(leader, b"exit\r")
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill()
        os.close(leader)
    history = tmp_path / "accord-bot" / "history"
    assert "did apple sign?" in history.read_text(encoding="utf-8")
