"""Progress of a long run as lines: count/total, elapsed time and an estimate of the time left.

Lines rather than a redrawn bar, so the output reads the same in a terminal, a log file and the staff page.

    >>> progress = Progress(4, "added", clock=iter([0.0, 10.0, 20.0]).__next__)
    >>> progress.step()
    'added 1/4 · 10 s · about 30 s left'
    >>> progress.step(3)
    'added 4/4 · 20 s'
"""
from __future__ import annotations

import time
from typing import Callable


def duration(seconds: float) -> str:
    """'42 s', '3 min 05 s', '1 h 02 min'."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Progress:
    """Counts steps of `total`; each step returns its line: `what` n/total, elapsed, time left (the average pace
    so far applied to what remains)."""

    def __init__(self, total: int, what: str = "", unit: str = "", clock: Callable[[], float] = time.monotonic):
        self.total, self.what, self.unit, self.clock = total, what, unit, clock
        self.done = 0
        self.started = clock()

    def step(self, count: int = 1) -> str:
        self.done += count
        elapsed = self.clock() - self.started
        left = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        unit = f" {self.unit}" if self.unit else ""
        eta = f" · about {duration(left)} left" if self.done < self.total else ""
        return f"{self.what} {self.done}/{self.total}{unit} · {duration(elapsed)}{eta}".lstrip()
