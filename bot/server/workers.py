"""Several HTTP worker processes, each with its own SO_REUSEPORT socket, so the kernel spreads connections.

(uvicorn's own workers share one listening socket; asyncio then accepts connections in batches, and one
worker can take nearly all of them while the others idle.)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from pathlib import Path

log = logging.getLogger(__name__)
RESTART_DELAY_SECONDS = 1.0
STOP_GRACE_SECONDS = 12  # uvicorn's graceful shutdown (10 s) and a little more


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port with SO_REUSEPORT, so every worker can bind the same address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def worker_main(knowledge: str | None, port: int) -> None:
    """One worker: settings, knowledge and app built afresh, then uvicorn on its own socket."""
    from bot.server.boot import http_server, prepare, reload_on_sighup  # noqa: PLC0415 - in the child process

    prepared = prepare("http", knowledge)
    settings = prepared.settings.model_copy(update={"port": port})
    sock = reuse_port_socket(settings.host, port)
    signal.signal(signal.SIGTERM, lambda signum, frame: None)  # uvicorn stops gracefully, then re-raises
    reload_on_sighup(prepared.services)
    http_server(prepared.app, settings, prepared.services).run(sockets=[sock])
    prepared.services.recorder.flush()


def run_workers(host: str, port: int, count: int, knowledge: str | Path | None) -> int:
    """Run `count` workers until SIGTERM or SIGINT; restart any that dies; return the exit status."""
    if port == 0:
        with reuse_port_socket(host, 0) as probe:
            port = int(probe.getsockname()[1])
    ctx = multiprocessing.get_context("spawn")
    knowledge_arg = str(knowledge) if knowledge is not None else None

    def start(i: int) -> BaseProcess:
        proc = ctx.Process(target=worker_main, args=(knowledge_arg, port), name=f"accord-worker-{i}")
        proc.start()
        return proc

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.set())
    procs: list[BaseProcess] = []

    def forward_reload(signum: int, frame: object) -> None:
        for proc in procs:
            if proc.pid is not None and proc.is_alive():
                os.kill(proc.pid, signal.SIGHUP)

    signal.signal(signal.SIGHUP, forward_reload)
    procs.extend(start(i) for i in range(count))
    log.info("started %s workers on %s:%s", count, host, port)
    while not stop.wait(0.5):
        for i, proc in enumerate(procs):
            if not proc.is_alive() and not stop.is_set():
                log.error("worker %s exited with status %s; restarting", i, proc.exitcode)
                time.sleep(RESTART_DELAY_SECONDS)
                procs[i] = start(i)
    for proc in procs:
        proc.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            log.warning("worker %s did not stop in time; killing it", proc.name)
            proc.kill()
            proc.join()
    return 0
