"""Moments in UTC: now, and the naive datetimes SQLite hands back read as the UTC they were stored in."""

from datetime import UTC, datetime


def utcnow():
    return datetime.now(UTC)


def as_utc(moment):
    """`moment` with its UTC zone put back (SQLite drops it); None stays None."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)
