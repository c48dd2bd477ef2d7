"""A page offers a download only when there is something in it; otherwise it says
so in a sentence."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

EMPTY = 'class="transparency-empty"'


def _register_downloads(page, year):
    return [
        url
        for url in (
            reverse("transparency:register_csv", args=[year]),
            reverse("transparency:register_pdf", args=[year]),
        )
        if f'href="{url}"' in page
    ]


def _month_files(page):
    return re.findall(r'href="/dados-abertos/reclamacoes-\d{4}-\d+\.(?:csv|json)"', page)


def test_before_the_first_refresh_nothing_is_offered(client, site):
    response = client.get(reverse("transparency:register_latest"), follow=True)
    year = timezone.localdate().year
    assert response.redirect_chain[-1][0] == reverse("transparency:register", args=[year])
    page = response.content.decode()
    assert _register_downloads(page, year) == []
    assert page.count(EMPTY) == 1

    page = client.get(reverse("transparency:open_data")).content.decode()
    assert _month_files(page) == []
    assert page.count(EMPTY) == 1


def test_a_refresh_without_complaints_offers_nothing(client, site):
    call_command("refresh_transparency", stdout=io.StringIO())
    year = timezone.localdate().year
    page = client.get(reverse("transparency:register", args=[year])).content.decode()
    assert _register_downloads(page, year) == []
    assert EMPTY in page
    assert (
        "No well-founded complaint was closed this year." in page
        or "Nenhuma reclamação fundamentada foi encerrada neste ano." in page
    )
    page = client.get(reverse("transparency:open_data")).content.decode()
    assert _month_files(page) == []
    assert (
        "No closed complaint has been published yet." in page
        or "Nenhuma reclamação encerrada foi publicada ainda." in page
    )


def test_register_downloads_only_for_a_year_with_entries(client, complaint, site):
    complaint("not_resolved", score=2, classification="founded_not_attended")
    call_command("refresh_transparency", stdout=io.StringIO())
    from transparency.indicators import years

    year = years()[0]
    page = client.get(reverse("transparency:register", args=[year])).content.decode()
    assert len(_register_downloads(page, year)) == 2
    assert EMPTY not in page

    page = client.get(reverse("transparency:register", args=[year - 1])).content.decode()
    assert _register_downloads(page, year - 1) == []
    assert EMPTY in page
    assert f'href="{reverse("transparency:register", args=[year])}"' in page  # a year with entries

    page = client.get(reverse("transparency:open_data")).content.decode()
    assert len(_month_files(page)) == 2  # the month's CSV and JSON
    assert EMPTY not in page
