"""Partial dates: '2016', '2016-11' or '2016-11-27', kept at the precision the source gives.

A report that says "in November 2016" must never become 2016-11-01 on the way to the panel, so every
date in Footprint is a PartialDate that knows its precision and the interval it stands for.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse an ISO-like partial date; raise ValueError with a plain sentence if it is not one."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if day is not None:
            dt.date(year, month, day)  # raises ValueError for 2023-02-30
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        return self.first_day.isoformat()[: {"year": 4, "month": 7, "day": 10}[self.precision]]

    def human(self) -> str:
        """'2016', 'November 2016' or '27 November 2016': what the panel shows."""
        if self.precision == "year":
            return str(self.year)
        month = calendar.month_name[self.month or 1]
        if self.precision == "month":
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def __str__(self) -> str:
        return self.iso()


def human_span(start: PartialDate, end: PartialDate | None) -> str:
    """'27–29 November 2016', 'since May 2020', '2019 – 2020' or a single date."""
    if end is None:
        return f"since {start.human()}"
    if end == start:
        return start.human()
    if start.precision == end.precision == "day" and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.human()}"
    return f"{start.human()} – {end.human()}"
