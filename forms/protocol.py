"""Protocol numbers: year, per-year sequence and a mod-11 check digit.

Format: ``2026.000123-4``. The sequence is zero-padded to six digits and grows
past them when a year has more cases. The check digit lets a mistyped number be
refused before any database lookup.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

# Sequences grow past six digits; twelve is far beyond any year's count and keeps a
# pasted wall of digits from reaching int() (Python refuses over 4,300 digits).
PROTOCOL_RE = re.compile(r"^\s*(\d{4})\s*[.\-/ ]?\s*(\d{6,12})\s*-?\s*(\d)\s*$")


def remainder(year: int, sequence: int) -> int:
    """Weighted sum mod 11 of the year and sequence digits (weights 2..9, cycling)."""
    digits = f"{year:04d}{sequence:06d}"
    total = 0
    for position, digit in enumerate(reversed(digits)):
        total += int(digit) * (2 + position % 8)
    return total % 11


def issuable(year: int, sequence: int) -> bool:
    """Whether this sequence may be issued.

    Remainders 0 and 1 would both give check digit 0, so a typo turning one into
    the other would pass. Sequences with remainder 1 are never issued (and never
    accepted); then every single-digit typo and every swap of two neighbouring
    digits is caught.
    """
    return remainder(year, sequence) != 1


def check_digit(year: int, sequence: int) -> int:
    value = remainder(year, sequence)
    return 0 if value < 2 else 11 - value


@dataclass(frozen=True)
class ProtocolNumber:
    year: int
    sequence: int

    @property
    def digit(self) -> int:
        return check_digit(self.year, self.sequence)

    def __str__(self) -> str:
        return f"{self.year:04d}.{self.sequence:06d}-{self.digit}"

    @classmethod
    def parse(cls, text: str) -> "ProtocolNumber | None":
        """The protocol in `text`, or None when it is malformed or its check digit is wrong.

        Accepts what people type: spaces, a dash or slash instead of the dot.
        """
        match = PROTOCOL_RE.match(text or "")
        if not match:
            return None
        year, sequence, digit = int(match[1]), int(match[2]), int(match[3])
        number = cls(year, sequence)
        if not issuable(year, sequence) or number.digit != digit:
            return None
        return number


def next_number(year: int) -> ProtocolNumber:
    """Allocate the next protocol number of `year`.

    Must run inside the transaction that stores the submission: the counter row
    stays locked until it commits, so concurrent submits get distinct numbers and
    a rolled-back submit gives its number back.
    """
    from .models import ProtocolCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic().")
    for _attempt in range(3):
        last = _increment(year)
        if last is not None:
            if not issuable(year, last):  # skip it: see issuable()
                last = _increment(year)
            return ProtocolNumber(year, last)
        try:
            with transaction.atomic():
                ProtocolCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # another submit created this year's counter first
    raise RuntimeError(f"Could not allocate a protocol number for {year}.")


def _increment(year):
    """`last + 1` for the year's counter, in one statement that takes the row lock
    and returns the value it wrote (no read-modify-write race on any database:
    PostgreSQL and SQLite 3.35+ both have UPDATE ... RETURNING). None when the
    year has no counter yet."""
    from .models import ProtocolCounter

    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    table = quote(ProtocolCounter._meta.db_table)
    last = quote(ProtocolCounter._meta.get_field("last").column)
    year_column = quote(ProtocolCounter._meta.get_field("year").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 WHERE {year_column} = %s "  # noqa: S608
            f"RETURNING {last}",
            [year],
        )
        row = cursor.fetchone()
    return row[0] if row else None
