"""Benchmark: per-answer latency in-process over a mixed question load, and the cold start of `accord-bot ask`.

Prints figures; it asserts nothing. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bot.answering.answerer import CACHE_SIZE, Answerer
from bot.answering.knowledge import load

MIX = [
    # signatory questions: exact, alias, typo, several, not listed, look-alike
    "did Apple sign?",
    "Has Microsoft signed the Cybersecurity Tech Accord?",
    "is oracle part of it",
    "did meta sign",
    "did symantek sign",
    "Did Apple and Microsoft sign?",
    "Did Sony sign?",
    "Did Quuxcorp Holdings sign?",
    "Did Nokian sign?",
    "Stripe",
    "What about Avast?",
    # facts
    "Who led it?",
    "How many signed?",
    "Which companies did not sign?",
    "What is the Digital Geneva Convention?",
    "How much could cyberattacks cost?",
    "Which countries are missing from the accord?",
    "List all signatories",
    # out of scope and help
    "What's the weather in London tomorrow?",
    "Who founded Microsoft?",
    "qwertyuiop",
    "help",
    "",
    # hostile
    "<@U123> <!channel> did " + "Apple and " * 50 + "Cisco sign?",
    "x" * 5000,
]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def bench_answers(rounds: int, cache_size: int) -> None:
    """Latency of answer() per question, after one warm-up pass."""
    bot = Answerer(load(), cache_size=cache_size)
    for q in MIX:
        bot.answer(q)
    times: list[float] = []
    start = time.perf_counter()
    for _ in range(rounds):
        for q in MIX:
            t0 = time.perf_counter_ns()
            bot.answer(q)
            times.append((time.perf_counter_ns() - t0) / 1e6)
    wall = time.perf_counter() - start
    label = "answer cache off" if cache_size == 0 else f"answer cache of {cache_size}, questions repeating"
    print(
        f"answer() [{label}]: {len(times)} answers over {len(MIX)} mixed questions in {wall:.2f} s "
        f"({len(times) / wall:,.0f}/s)"
    )
    print(
        f"  latency ms: p50 {percentile(times, 50):.3f}  p90 {percentile(times, 90):.3f}  "
        f"p99 {percentile(times, 99):.3f}  max {max(times):.3f}   (target p99 <= 1 ms)"
    )


def bench_cold_start(runs: int) -> None:
    """Wall time of a fresh `accord-bot ask` process answering one question."""
    script = Path(sys.executable).parent / "accord-bot"
    cmd = [str(script), "ask", "did Apple sign?"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    print(
        f"cold start of `accord-bot ask` ({runs} runs): median {statistics.median(times):.3f} s  "
        f"min {min(times):.3f} s  max {max(times):.3f} s   (target <= 0.6 s)"
    )


def main() -> None:
    """Run both benchmarks."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=400, help="passes over the question mix")
    ap.add_argument("--runs", type=int, default=10, help="cold-start runs")
    args = ap.parse_args()
    bench_answers(args.rounds, cache_size=0)
    bench_answers(args.rounds, cache_size=CACHE_SIZE)
    bench_cold_start(args.runs)


if __name__ == "__main__":
    main()
