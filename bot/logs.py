"""Logging: one line per event, as text or JSON; secrets never, message text only at DEBUG."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

EVENT_LOGGER = "accord_bot.events"
_EVENTS = logging.getLogger(EVENT_LOGGER)
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and any extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render a record as one JSON line."""
        data: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in record.__dict__.items() if k not in _RESERVED})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """'time level logger message key=value …'."""

    def format(self, record: logging.LogRecord) -> str:
        """Render a record as one text line (a traceback, if any, follows)."""
        extra = " ".join(f"{k}={v}" for k, v in record.__dict__.items() if k not in _RESERVED)
        line = f"{self.formatTime(record)} {record.levelname} {record.name} {record.getMessage()}"
        line = f"{line} {extra}" if extra else line
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure(level: str = "INFO", fmt: str = "text") -> None:
    """Send logs to stderr at the level and in the format given; Slack's libraries stay at WARNING unless DEBUG."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = level if level == "DEBUG" else "WARNING"
    for name in ("slack_bolt", "slack_sdk", "uvicorn.access"):
        logging.getLogger(name).setLevel(quiet)


def event(kind: str, outcome: str, started: float, **fields: Any) -> None:
    """Log one handled Slack event: its kind, outcome and latency (fields must hold no secrets)."""
    logger = _EVENTS
    if not logger.isEnabledFor(logging.INFO):
        return
    latency_ms = round((time.perf_counter() - started) * 1000, 2)
    logger.info(
        "%s %s", kind, outcome, extra={"kind": kind, "outcome": outcome, "latency_ms": latency_ms, **fields}
    )
