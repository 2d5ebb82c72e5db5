"""Benchmark: signed slash commands over loopback with wrk, against a bare endpoint on the same server stack.

Prints requests per second, latency percentiles and errors for both, their ratio, and the server's
resident memory after start and after the load. Asserts nothing. Run with `make bench-http`.

Shared machines are noisy (runs of the same code differ by 10% and more), so the two loads alternate for
several rounds and the medians are compared.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, SECRET, TOKEN, BotServer, StandIn, command_body, distinct_questions, signed_headers


def lua_string(s: str) -> str:
    """A Lua string literal."""
    return '"' + "".join(c if c.isalnum() or c in " =&%._-/:+,;'()?!*" else f"\\{ord(c)}" for c in s) + '"'


DISTINCT = (
    5000  # far more than the answer cache holds (512): cycled in order, every answer is computed afresh
)


def wrk_script(count: int) -> str:
    """A wrk script cycling through `count` distinct pre-signed slash commands (valid for 5 minutes)."""
    entries = []
    for i, question in enumerate(distinct_questions(count)):
        body = command_body(question, user=f"U{i:08d}")
        headers = signed_headers(body, "application/x-www-form-urlencoded")
        header_lua = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
        entries.append(f"{{ body = {lua_string(body)}, headers = {{ {header_lua} }} }}")
    # Each request is formatted once per wrk thread, in init, so that formatting is not part of every request:
    # the load generator shares the machine's cores with the server and should cost as little as it can.
    return (
        "local reqs = {\n" + ",\n".join(entries) + "\n}\nlocal formatted = {}\nlocal i = 0\n"
        "init = function(args)\n  for k, r in ipairs(reqs) do\n"
        '    formatted[k] = wrk.format("POST", "/slack/events", r.headers, r.body)\n  end\nend\n'
        "request = function()\n  i = i % #formatted + 1\n  return formatted[i]\nend\n"
    )


def run_wrk(url: str, seconds: int, connections: int, script: Path | None) -> dict[str, float]:
    """Run wrk and read its summary."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "requests": float(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "p50": ms("50"),
        "p90": ms("90"),
        "p99": ms("99"),
        "errors": float(int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(x) for x in sock.groups()) if sock else 0),
    }


def start_peer(standin: StandIn, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """The stock Bolt AsyncApp peer (scripts/stock_bolt.py) under uvicorn with `workers` processes."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ACCORD_"))}
    env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=standin.url)
    cmd = [sys.executable, "-m", "uvicorn", "stock_bolt:api", "--app-dir", str(ROOT / "scripts")]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen([*cmd, "--no-access-log"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            time.sleep(1.0)  # every worker has imported the app
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the stock Bolt peer did not start")


def show(name: str, r: dict[str, float]) -> None:
    print(
        f"{name:<22} {r['rps']:9.0f} req/s  p50 {r['p50']:6.2f} ms  p90 {r['p90']:6.2f} ms  "
        f"p99 {r['p99']:6.2f} ms  errors {int(r['errors'])}  ({int(r['requests'])} requests)"
    )


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median throughput (its own latencies with it), errors summed over all runs."""
    middle = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
    return {
        **middle,
        "rps": statistics.median(r["rps"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
    }


def parse_args() -> argparse.Namespace:
    """The command line."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=int, default=10, help="length of each run")
    ap.add_argument("--rounds", type=int, default=5, help="bare and slash runs, alternating")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--distinct",
        type=int,
        default=DISTINCT,
        help="distinct questions cycled through (above 512, the answer cache never hits)",
    )
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="extra server setting")
    return ap.parse_args()


def main() -> int:
    """Run the benchmark."""
    args = parse_args()
    extra_env = dict(e.split("=", 1) for e in args.env)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk (Debian's package)", file=sys.stderr)
        return 2
    standin = StandIn()
    server = BotServer(standin, WORKERS=str(args.workers), LOG_LEVEL="WARNING", **extra_env)
    peer, peer_port = start_peer(standin, args.workers)
    try:
        url = f"http://127.0.0.1:{server.port}"
        rss_start = server.rss_mib()
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "signed.lua"
            script.write_text(wrk_script(args.distinct))
            print(
                f"HTTP mode, {args.workers} worker(s), {args.connections} connections, {args.seconds} s per run, "
                f"2 wrk threads, on {Path('/proc/cpuinfo').read_text().count('processor')} cores"
            )
            peer_url = f"http://127.0.0.1:{peer_port}/slack/events"
            total = run_wrk(url + "/slack/events", 3, args.connections, script)["requests"]  # warm-up
            run_wrk(peer_url, 3, args.connections, script)
            bares, slashes, peers = [], [], []
            for i in range(1, args.rounds + 1):
                bares.append(run_wrk(url + "/healthz", args.seconds, args.connections, None))
                slashes.append(run_wrk(url + "/slack/events", args.seconds, args.connections, script))
                peers.append(run_wrk(peer_url, args.seconds, args.connections, script))
                show(f"bare /healthz ({i})", bares[-1])
                show(f"signed slash ({i})", slashes[-1])
                show(f"stock Bolt peer ({i})", peers[-1])
                total += bares[-1]["requests"] + slashes[-1]["requests"]
            rss_after = server.rss_mib()
        bare, slash, stock = median_run(bares), median_run(slashes), median_run(peers)
        print(f"median of {args.rounds} rounds (errors: all rounds):")
        show("bare /healthz", bare)
        show("signed slash commands", slash)
        show("stock Bolt AsyncApp", stock)
        each = ", ".join(f"{s['rps'] / b['rps']:.2f}" for b, s in zip(bares, slashes, strict=True))
        print(f"ratio slash/bare: {slash['rps'] / bare['rps']:.2f}   (each round: {each})")
        each = ", ".join(f"{s['rps'] / p['rps']:.1f}" for p, s in zip(peers, slashes, strict=True))
        print(f"ratio accord-bot/stock Bolt: {slash['rps'] / stock['rps']:.1f}x   (each round: {each})")
        print("targets: >= 500 req/s, p99 < 50 ms, 0 errors, ratio to bare >= 0.5, to stock Bolt >= 8x")
        print(
            f"resident memory: {rss_start:.1f} MiB after start, {rss_after:.1f} MiB after {total:,.0f} "
            f"requests ({(rss_after / rss_start - 1) * 100:+.1f}%; target <= +10%)"
        )
    finally:
        peer.terminate()
        peer.wait(15)
        print(f"server exit status on SIGTERM: {server.stop()}")
        standin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
