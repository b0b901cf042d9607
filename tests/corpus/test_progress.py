"""Progress lines: count/total, elapsed and the time left at the pace so far."""
from corpus.progress import Progress, duration


def test_duration_reads_in_the_largest_sensible_units():
    assert [duration(s) for s in (0, 42.4, 65, 3599, 3720)] == ["0 s", "42 s", "1 min 05 s", "59 min 59 s",
                                                                  "1 h 02 min"]


def test_time_left_is_the_pace_so_far_applied_to_what_remains():
    ticks = iter([100.0, 130.0, 160.0, 190.0])
    progress = Progress(10, "index: embedded", unit="passages", clock=ticks.__next__)
    assert progress.step(2) == "index: embedded 2/10 passages · 30 s · about 2 min 00 s left"
    assert progress.step(3) == "index: embedded 5/10 passages · 1 min 00 s · about 1 min 00 s left"
    assert progress.step(5) == "index: embedded 10/10 passages · 1 min 30 s"


def test_without_a_name_the_line_starts_with_the_count():
    assert Progress(3, clock=iter([0.0, 1.0]).__next__).step() == "1/3 · 1 s · about 2 s left"
