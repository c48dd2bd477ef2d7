import threading

import pytest
from django.db import connection, transaction
from hypothesis import assume, given
from hypothesis import strategies as st

from forms.models import ProtocolCounter
from forms.protocol import ProtocolNumber, check_digit, issuable, next_number


def test_format_pads_the_sequence_and_adds_the_check_digit():
    number = ProtocolNumber(2026, 123)
    assert str(number) == f"2026.000123-{check_digit(2026, 123)}"
    assert str(ProtocolNumber(2026, 1234567)).startswith("2026.1234567-")


@pytest.mark.parametrize(
    "text", ["2026.000123-{d}", "2026000123{d}", " 2026/000123-{d} ", "2026 000123 {d}"]
)
def test_parse_accepts_what_people_type(text):
    digit = check_digit(2026, 123)
    assert ProtocolNumber.parse(text.format(d=digit)) == ProtocolNumber(2026, 123)


@pytest.mark.parametrize("text", ["", "abc", "2026.123-4", "26.000123-4", "2026.000123", None])
def test_parse_refuses_malformed(text):
    assert ProtocolNumber.parse(text) is None


@given(
    year=st.integers(2000, 2100),
    sequence=st.integers(1, 9_999_999),
    position=st.integers(0, 9),
    delta=st.integers(1, 9),
)
def test_any_single_digit_typo_is_caught(year, sequence, position, delta):
    assume(issuable(year, sequence))
    text = f"{year:04d}{sequence:06d}"
    position = position % len(text)
    wrong = str((int(text[position]) + delta) % 10)
    typo = text[:position] + wrong + text[position + 1 :]
    digit = check_digit(year, sequence)
    candidate = f"{typo[:4]}.{typo[4:]}-{digit}"
    assert ProtocolNumber.parse(candidate) is None


@given(
    year=st.integers(2000, 2100),
    sequence=st.integers(1, 9_999_999),
    position=st.integers(0, 8),
)
def test_any_swap_of_neighbouring_digits_is_caught(year, sequence, position):
    assume(issuable(year, sequence))
    text = f"{year:04d}{sequence:06d}"
    position = position % (len(text) - 1)
    assume(text[position] != text[position + 1])
    swapped = text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    candidate = f"{swapped[:4]}.{swapped[4:]}-{check_digit(year, sequence)}"
    assert ProtocolNumber.parse(candidate) is None


@given(year=st.integers(2000, 2100), sequence=st.integers(1, 9_999_999))
def test_round_trip(year, sequence):
    assume(issuable(year, sequence))
    number = ProtocolNumber(year, sequence)
    assert ProtocolNumber.parse(str(number)) == number


@pytest.mark.django_db(transaction=True)
def test_next_number_counts_per_year_and_needs_a_transaction():
    with pytest.raises(RuntimeError):
        next_number(2026)
    with transaction.atomic():
        numbers = [next_number(2026) for _ in range(30)]
        assert next_number(2027).year == 2027
    sequences = [n.sequence for n in numbers]
    expected = [s for s in range(1, 40) if issuable(2026, s)][:30]
    assert sequences == expected
    assert all(ProtocolNumber.parse(str(n)) == n for n in numbers)
    assert ProtocolCounter.objects.get(year=2026).last == expected[-1]


@pytest.mark.django_db
def test_a_rolled_back_submit_gives_its_number_back():
    with transaction.atomic():
        next_number(2026)
    try:
        with transaction.atomic():
            next_number(2026)
            raise ValueError
    except ValueError:
        pass
    with transaction.atomic():
        first_two = [s for s in range(1, 5) if issuable(2026, s)][:2]
        assert next_number(2026) == ProtocolNumber(2026, first_two[1])


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_are_distinct():
    results, errors = [], []
    barrier = threading.Barrier(20)

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(next_number(2030))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = [s for s in range(1, 40) if issuable(2030, s)][:20]
    assert sorted(n.sequence for n in results) == expected


def test_parse_refuses_absurdly_long_numbers_without_failing():
    assert ProtocolNumber.parse("2026." + "9" * 5000 + "-1") is None
    assert ProtocolNumber.parse("2026.0000000000123-0") is None
