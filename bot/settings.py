"""Settings from the environment (and an optional .env file), validated by pydantic-settings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.answering.thresholds import Thresholds
from bot.errors import SettingsError

Mode = Literal["socket", "http"]


class Settings(BaseSettings):
    """Everything the bot reads from its environment. Secrets are SecretStr, so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = Field(None, description="xoxb-… bot token")
    slack_app_token: SecretStr | None = Field(None, description="xapp-… app-level token, for Socket Mode")
    slack_signing_secret: SecretStr | None = Field(None, description="signing secret, for HTTP mode")
    slack_api_url: str = Field("https://slack.com/api/", description="Slack Web API base URL")
    host: str = Field("127.0.0.1", description="HTTP mode: address to listen on")
    port: int = Field(3000, ge=0, le=65535, description="HTTP mode: port (0 picks a free one)")
    workers: int = Field(1, ge=1, le=64, description="HTTP mode: worker processes")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    accord_knowledge_dir: Path | None = Field(None, description="knowledge directory")
    accord_command: str = Field("/accord", pattern=r"^/[a-z0-9_-]{1,31}$", description="slash command name")
    database_url: SecretStr | None = Field(None, description="SQLAlchemy URL; default SQLite in the data dir")
    accord_data_dir: Path = Field(Path("data"), description="where the SQLite file and the pid file live")
    store_questions: bool = Field(True, description="record unanswered questions and feedback")
    retention_days: int = Field(90, ge=1, le=3650, description="days to keep recorded questions and feedback")
    user_hash_salt: SecretStr | None = Field(
        None, description="salt for user hashes; default one kept in the DB"
    )
    low_confidence: float = Field(0.7, ge=0, le=1, description="answers below this confidence are recorded")
    answer_threshold: float = Field(0.6, ge=0, le=1, description="answer a fact at or above this score")
    clarify_threshold: float = Field(0.45, ge=0, le=1, description="below this, 'I don't know'; above, ask")
    answer_margin: float = Field(0.1, ge=0, le=1, description="lead over the runner-up needed to answer")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("slack_api_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not a URL; for example https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("slack_bot_token", "slack_app_token")
    @classmethod
    def _token_kind(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        """A bot token where an app token belongs (or the reverse) is named, never sent to Slack."""
        if value is None or not value.get_secret_value():
            return value
        token = value.get_secret_value()
        want = "xoxb-" if info.field_name == "slack_bot_token" else "xapp-"
        if not token.startswith(want):
            other = (
                "an app-level token (xapp-…)"
                if token.startswith("xapp-")
                else ("a bot token (xoxb-…)" if token.startswith("xoxb-") else "not a Slack token")
            )
            raise ValueError(f"holds {other}; it should start with {want}")
        return value

    def secret(self, name: str) -> str | None:
        """A secret's value, or None when unset or empty."""
        value: SecretStr | None = getattr(self, name)
        return value.get_secret_value() or None if value is not None else None

    def thresholds(self) -> Thresholds:
        """The answer / did-you-mean / decline thresholds; SettingsError when they contradict each other."""
        try:
            return Thresholds(self.answer_threshold, self.clarify_threshold, self.answer_margin)
        except ValueError as exc:
            raise SettingsError(str(exc)) from None

    def database(self) -> str:
        """The database URL: DATABASE_URL (checked: SQLite or PostgreSQL with psycopg), else a SQLite file in the
        data directory; SettingsError names what is wrong and shows a good value."""
        url = self.secret("database_url")
        if not url:
            return sqlite_url(self.accord_data_dir)
        example = "postgresql+psycopg://user:password@db.example.com:5432/accord"
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if not scheme:
            raise SettingsError(f"DATABASE_URL is not a database URL; for example {example}")
        if scheme in ("postgres", "postgresql", "postgresql+psycopg2"):
            raise SettingsError(
                f"DATABASE_URL: use the psycopg driver, {scheme}:// → postgresql+psycopg://; for example {example}"
            )
        if scheme not in ("postgresql+psycopg", "sqlite"):
            raise SettingsError(
                f"DATABASE_URL: {scheme} is not supported, only PostgreSQL and SQLite; for example {example}"
            )
        return url

    def choose_mode(self, requested: Mode | None) -> Mode | None:
        """The mode to serve in: the requested one, else Socket Mode with an app token, else HTTP with a secret."""
        if requested is not None:
            return requested
        if self.secret("slack_app_token"):
            return "socket"
        if self.secret("slack_signing_secret"):
            return "http"
        return None

    def require(self, mode: Mode) -> None:
        """Raise SettingsError naming the first secret that the mode needs and is missing."""
        needed = ["slack_bot_token", "slack_app_token" if mode == "socket" else "slack_signing_secret"]
        for name in needed:
            if not self.secret(name):
                raise SettingsError(f"{mode} mode needs {name.upper()} to be set")


def sqlite_path(data_dir: Path) -> Path:
    """Where the default database, a SQLite file, lives in the data directory."""
    return data_dir / "accord-bot.db"


def sqlite_url(data_dir: Path) -> str:
    """The default database: a SQLite file in the data directory (made if need be)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{sqlite_path(data_dir).resolve()}"


def load_settings() -> Settings:
    """Settings from the environment, then the .env file (the environment wins); an invalid value raises
    SettingsError naming the variable, and an unreadable .env says so."""
    env_file = Path(".env")
    if env_file.exists():
        try:
            env_file.read_bytes()
        except OSError as exc:
            raise SettingsError(
                f".env cannot be read ({exc.strerror}); fix its permissions or remove it"
            ) from None
    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"invalid {name}: {msg}") from None
