"""Calendar helpers for billing dates."""

from __future__ import annotations

import calendar
from datetime import date

CYCLE_MONTHS = {
    "monthly": 1,
    "quarterly": 3,
    "semiannually": 6,
    "annually": 12,
    "biennially": 24,
    "triennially": 36,
}


def add_months(start: date, months: int) -> date:
    """Same day N months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
