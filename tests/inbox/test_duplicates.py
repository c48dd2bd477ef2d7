"""Possible duplicates at triage: the same CPF against the same supplier within 90
days, or the same CPF with a near-identical description; listed on the case with
one action to link them, and a filter of the case list."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forms.demo import field, step
from forms.models import FormKind, Submission
from inbox import duplicates
from inbox.models import PossibleDuplicate
from inbox.statuses import Status

pytestmark = pytest.mark.django_db

ACCOUNT = (
    "Comprei uma geladeira na loja em março, ela parou de gelar depois de duas "
    "semanas e a assistência técnica não apareceu."
)


@pytest.fixture
def new_submission(make_submission, django_capture_on_commit_callbacks):
    """A submission as the submit makes it: its duplicates looked for after commit."""

    def build(**columns):
        with django_capture_on_commit_callbacks(execute=True):
            return make_submission(**columns)

    return build


@pytest.fixture
def described(make_form, make_submission, django_capture_on_commit_callbacks):
    """Complaints whose account has the "description" role."""
    page = make_form(
        [step("Relato", [field("multiline", "O que aconteceu?", "relato", role="description")])],
        slug="reclamacao-relato",
        kind=FormKind.COMPLAINT,
    )

    def build(text, **columns):
        with django_capture_on_commit_callbacks(execute=True):
            submission = make_submission(page=page, **columns)
            submission.form_data = {"relato": text}
            submission.save(update_fields=["form_data"])
        return submission

    return build


def listed(submission):
    return [(d.other_id, d.reason) for d in duplicates.for_case(submission.case)]


def test_a_second_complaint_against_the_same_supplier_shows_the_first(new_submission):
    first = new_submission()
    assert listed(first) == []
    second = new_submission()  # same CPF and CNPJ (the fixture's)
    assert listed(second) == [(first.pk, PossibleDuplicate.Reason.SAME_SUPPLIER)]
    # And the first now lists the second.
    assert listed(first) == [(second.pk, PossibleDuplicate.Reason.SAME_SUPPLIER)]


def test_not_a_duplicate_other_person_other_supplier_or_too_long_ago(new_submission):
    first = new_submission()
    assert listed(new_submission(consumer_cpf="11144477735")) == []
    assert listed(new_submission(supplier_cnpj="33000167000101", supplier_name="Banco")) == []
    Submission.objects.filter(pk=first.pk).update(
        submit_time=first.submit_time - timedelta(days=duplicates.WINDOW_DAYS + 1)
    )
    late = new_submission(consumer_cpf="52998224725")
    others = [pk for pk, _reason in listed(late)]
    assert first.pk not in others


def test_without_a_cnpj_the_supplier_name_is_compared_loosely(new_submission):
    first = new_submission(supplier_cnpj="", supplier_name="Lojas Ágil S.A.")
    second = new_submission(supplier_cnpj="", supplier_name="lojas agil sa")
    assert listed(second) == [(first.pk, PossibleDuplicate.Reason.SAME_SUPPLIER)]


def test_a_near_identical_description_is_a_possible_duplicate(described):
    first = described(ACCOUNT, supplier_cnpj="33000167000101")
    retyped = ACCOUNT.replace("março", "Marco").replace(",", "") + " !"
    second = described(retyped, supplier_cnpj="48273615000118", supplier_name="Outra")
    (found,) = duplicates.for_case(second.case)
    assert found.other_id == first.pk and found.reason == PossibleDuplicate.Reason.SIMILAR_TEXT
    assert found.similarity >= duplicates.SIMILARITY
    # A different account, or one too short to judge, is not.
    other = described("A TV chegou com a tela quebrada e a loja não quer trocar o aparelho.")
    assert listed(other) == []
    short_a = described("Não funciona.", supplier_cnpj="11444777000161")
    short_b = described("Nao funciona", supplier_cnpj="60701190000104")
    assert short_a.pk not in [pk for pk, _ in listed(short_b)]


def test_similarity_is_deterministic_and_normalised():
    a = duplicates.normalise("Ação: TV não liga!!")
    assert a == "acao tv nao liga"
    assert duplicates.similarity(a, a) == 0.0  # too short to tell
    long = duplicates.normalise(ACCOUNT)
    assert duplicates.similarity(long, long) == 1.0


def test_the_work_per_case_is_bounded(make_submission, django_assert_max_num_queries):
    for _ in range(duplicates.RECENT_LIMIT + 5):
        make_submission()
    latest = make_submission()
    with django_assert_max_num_queries(2):  # the same CPF's latest, one insert
        found = duplicates.record(latest)
    assert found == duplicates.RECENT_LIMIT
    assert duplicates.record(latest) == duplicates.RECENT_LIMIT  # again: nothing new
    assert PossibleDuplicate.objects.filter(case=latest.case).count() == duplicates.RECENT_LIMIT


def test_the_case_page_lists_them_with_one_action_to_link(client, new_submission, attendant):
    first = new_submission()
    second = new_submission()
    client.force_login(attendant)
    url = reverse("inbox:case", args=[second.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="possible-duplicates"' in html
    assert f"Vincular como duplicada de {first.protocol}" in html
    assert "mesmo CPF e fornecedor" in html

    # The button is the workflow's "mark_duplicate" with the protocol filled in.
    client.post(
        reverse("inbox:action", args=[second.pk]),
        {"action": "mark_duplicate", "duplicate_of": first.protocol},
    )
    second.refresh_from_db()
    second.case.refresh_from_db()
    assert second.status == Status.DUPLICATE and second.case.duplicate_of_id == first.pk
    html = client.get(url).content.decode()
    assert "vinculada como duplicata" in html
    assert f"Vincular como duplicada de {first.protocol}" not in html


def test_the_case_list_filters_cases_with_possible_duplicates(client, new_submission, supervisor):
    first = new_submission()
    second = new_submission()
    alone = new_submission(consumer_cpf="11144477735")
    client.force_login(supervisor)

    def protocols(**params):
        html = client.get(reverse("inbox:index"), params).content.decode()
        return {s.protocol for s in (first, second, alone) if s.protocol in html}

    assert protocols(possible_duplicates="true") == {first.protocol, second.protocol}
    assert protocols(possible_duplicates="false") == {alone.protocol}
    # Once linked, a case leaves the "possible duplicates" list.
    from inbox.workflow import apply

    apply(second.case, "mark_duplicate", supervisor, duplicate_of=first)
    assert protocols(possible_duplicates="true") == {first.protocol}
