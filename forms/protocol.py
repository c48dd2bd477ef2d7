"""Protocol numbers: year, per-year sequence and a mod-11 check digit.

Format: ``2026.000123-4``. The sequence is zero-padded to six digits and grows
past them when a year has more cases. The check digit lets a mistyped number be
refused before any database lookup.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

PROTOCOL_RE = re.compile(r"^\s*(\d{4})\s*[.\-/ ]?\s*(\d{6,})\s*-?\s*(\d)\s*$")


def check_digit(year: int, sequence: int) -> int:
    """Mod-11 check digit over the year and sequence digits (weights 2..9, cycling).

    A remainder of 0 or 1 gives digit 0, as in CPF/CNPJ check digits.
    """
    digits = f"{year:04d}{sequence:06d}"
    total = 0
    for position, digit in enumerate(reversed(digits)):
        total += int(digit) * (2 + position % 8)
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


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
        return number if number.digit == digit else None


def next_number(year: int) -> ProtocolNumber:
    """Allocate the next protocol number of `year`.

    Must run inside the transaction that stores the submission: the counter row
    stays locked until it commits, so concurrent submits get distinct numbers and
    a rolled-back submit gives its number back.
    """
    from .models import ProtocolCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic().")
    # UPDATE ... SET last = last + 1 takes the row lock first, then we read the
    # value we wrote: no read-modify-write race on any database.
    for _attempt in range(3):
        if ProtocolCounter.objects.filter(year=year).update(last=F("last") + 1):
            last = ProtocolCounter.objects.values_list("last", flat=True).get(year=year)
            return ProtocolNumber(year, last)
        try:
            with transaction.atomic():
                ProtocolCounter.objects.create(year=year, last=1)
            return ProtocolNumber(year, 1)
        except IntegrityError:
            continue  # another submit created this year's counter first
    raise RuntimeError(f"Could not allocate a protocol number for {year}.")
