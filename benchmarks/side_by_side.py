"""Timing whole commands side by side: alternated in one session, so machine noise hits all alike."""
from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):  # 1: the audit found a mismatch, still a full run
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    return elapsed


def compare(commands: dict[str, list[str]], runs: int, baseline: str, subject: str, target: float) -> float:
    """Run each command once to warm caches, then `runs` times alternately; print medians and the
    ratio subject / baseline of the medians. Returns the ratio."""
    for command in commands.values():
        timed(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, median in medians.items():
        print(f"{name:<26} median {median:6.3f} s  (min–max {min(samples[name]):.3f}–{max(samples[name]):.3f}, "
              f"{runs} runs)")
    ratio = medians[subject] / medians[baseline]
    verdict = "within" if ratio <= target else "OVER"
    print(f"ratio {subject} / {baseline}: {ratio:.2f}x ({verdict} the {target:g}x target)")
    return ratio
