"""Figures kept a short time (`mentoring.cache.kept`): read once in their time by the whole
site, served from each process's own copy, and never older than that time."""

import time

from django.core.cache import cache

from mentoring import cache as kept_module
from mentoring.cache import kept


class Source:
    """What a figure is read from, counting the reads."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self) -> list[int]:
        self.reads += 1
        return [self.reads]


def test_a_figure_is_read_once_in_its_time_and_says_when():
    source = Source()
    before = time.time()
    first, read_at = kept("figure", 60, source.read)
    again, read_again_at = kept("figure", 60, source.read)
    assert first == again == [1] and source.reads == 1
    assert before <= read_at == read_again_at <= time.time()


def test_another_process_reads_the_shared_entry_and_not_the_source():
    source = Source()
    kept("figure", 60, source.read)
    kept_module._copies.clear()  # what a second process has: the shared entry only
    assert kept("figure", 60, source.read)[0] == [1] and source.reads == 1


def test_a_figure_is_read_again_once_its_time_is_over(monkeypatch):
    source = Source()
    kept("figure", 60, source.read)
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert kept("figure", 60, source.read)[0] == [2]


def test_clearing_the_cache_clears_the_copies_of_the_processes():
    source = Source()
    kept("figure", 60, source.read)
    cache.clear()
    assert kept("figure", 60, source.read)[0] == [2]


def test_a_process_keeps_copies_of_the_latest_figures_only():
    for n in range(kept_module.COPIES + 5):
        kept(f"figure:{n}", 60, Source().read)
    assert len(kept_module._copies) == kept_module.COPIES
    assert f"figure:{kept_module.COPIES + 4}" in kept_module._copies
