"""The topic > subject > problem taxonomy and its admin ("Temas")."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from services.models import Problem, Subject, Topic

pytestmark = pytest.mark.django_db


def test_taxonomy_levels_and_ordering():
    energy = Topic.objects.create(name="Energia", slug="energia", sort_order=2)
    banks = Topic.objects.create(name="Bancos", slug="bancos", sort_order=1)
    air = Topic.objects.create(name="Aéreo", slug="aereo", sort_order=2)
    assert list(Topic.objects.all()) == [banks, air, energy]
    card = Subject.objects.create(topic=banks, name="Cartão", slug="cartao")
    problem = Problem.objects.create(subject=card, name="Anuidade", slug="anuidade")
    assert str(banks) == "Bancos"
    assert str(problem) == "Bancos > Cartão > Anuidade"
    assert list(banks.subjects.all()) == [card]
    assert list(card.problems.all()) == [problem]


def test_slugs_are_unique_at_each_level():
    telecom = Topic.objects.create(name="Telecom", slug="telecom")
    banks = Topic.objects.create(name="Bancos", slug="bancos")
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(name="Outro", slug="telecom")
    mobile = Subject.objects.create(topic=telecom, name="Móvel", slug="movel")
    Subject.objects.create(topic=banks, name="Móvel", slug="movel")  # another topic: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Subject.objects.create(topic=telecom, name="Móvel 2", slug="movel")
    Problem.objects.create(subject=mobile, name="Cobrança", slug="cobranca")
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.create(subject=mobile, name="Cobrança 2", slug="cobranca")


def test_taxonomy_is_managed_in_the_admin(admin_client):
    topic = Topic.objects.create(name="Telecomunicações", slug="telecomunicacoes")
    subject = Subject.objects.create(topic=topic, name="Telefonia móvel", slug="telefonia-movel")
    Problem.objects.create(subject=subject, name="Cobrança indevida", slug="cobranca-indevida")
    for model in ["topic", "subject", "problem"]:
        response = admin_client.get(reverse(f"wagtailsnippets_services_{model}:list"))
        assert response.status_code == 200
    html = admin_client.get(reverse("wagtailsnippets_services_problem:list")).content.decode()
    assert "Cobrança indevida" in html and "Telefonia móvel" in html

    response = admin_client.post(
        reverse("wagtailsnippets_services_topic:add"),
        {"name": "Saúde", "slug": "saude", "description": "", "sort_order": "5"},
    )
    assert response.status_code == 302
    assert Topic.objects.filter(slug="saude").exists()
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Temas" in menu


def test_editors_group_manages_topics():
    editors = Group.objects.get(name="Editores de conteúdo")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    for model in ["topic", "subject", "problem"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames
    assert {"view_pagefeedback", "delete_pagefeedback"} <= codenames
