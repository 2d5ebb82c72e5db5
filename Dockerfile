# syntax=docker/dockerfile:1
# accord-bot: build a virtual environment from the hash-locked requirements, then copy it into a slim,
# non-root runtime image. The pip steps are the same ones `make install` runs.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements.lock ./
RUN /opt/venv/bin/python -m pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN /opt/venv/bin/python -m pip install --no-deps --no-build-isolation .

FROM python:3.11-slim AS runtime
LABEL org.opencontainers.image.title="accord-bot" \
      org.opencontainers.image.description="Slack bot answering questions about the Cybersecurity Tech Accord"
RUN groupadd --system --gid 10001 accord \
    && useradd --system --uid 10001 --gid accord --home-dir /app --shell /usr/sbin/nologin accord
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY knowledge ./knowledge
# The default SQLite database and the pid file live here; mount a volume, or set DATABASE_URL for PostgreSQL.
RUN mkdir /app/data && chown 10001:10001 /app/data
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ACCORD_KNOWLEDGE_DIR=/app/knowledge \
    ACCORD_DATA_DIR=/app/data \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '3000')}/healthz\", timeout=4)"]
# Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode with SLACK_SIGNING_SECRET (as `make run` chooses).
CMD ["accord-bot", "serve"]
