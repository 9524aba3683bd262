"""When a program's check-ins are open: pure date arithmetic, shared by pages, rules and tests."""

import datetime
from dataclasses import dataclass

from programs.models import Program

from .models import Moment

ANSWER_DAYS = 21  # a check-in stays open three weeks, then closes
END_OPENS_BEFORE = 7  # the end check-in opens in the program's last week


@dataclass(frozen=True)
class Window:
    moment: str
    opens: datetime.date
    closes: datetime.date  # the last day answers are taken

    def is_open(self, today: datetime.date) -> bool:
        return self.opens <= today <= self.closes


def midpoint(program: Program) -> datetime.date | None:
    if program.starts_on is None or program.ends_on is None:
        return None
    return program.starts_on + (program.ends_on - program.starts_on) // 2


def window(program: Program, moment: str) -> Window | None:
    """The days the midpoint or the end check-in is open; None for a program without dates."""
    middle = midpoint(program)
    if middle is None or program.ends_on is None:
        return None
    if moment == Moment.MIDPOINT:
        opens = middle
    elif moment == Moment.END:
        opens = max(middle + datetime.timedelta(days=1), program.ends_on - _days(END_OPENS_BEFORE))
    else:
        return None
    return Window(moment, opens, opens + _days(ANSWER_DAYS - 1))


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
