"""Blocks: icons, templates and admin previews; validation editors can rely on."""

import pytest
from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from services.blocks import (
    CallToActionBlock,
    GuidanceStreamBlock,
    NewsStreamBlock,
    StepBlock,
    StepsStreamBlock,
    TaskBlock,
    number_steps,
)

ALL_BLOCKS = {
    **GuidanceStreamBlock().child_blocks,
    **NewsStreamBlock().child_blocks,
    "step": StepBlock(),
}


@pytest.mark.parametrize("name", sorted(ALL_BLOCKS))
def test_every_block_has_icon_template_and_preview(name):
    block = ALL_BLOCKS[name]
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.meta.template.startswith("services/blocks/")
    assert block.meta.preview_value
    assert block.meta.description


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GuidanceStreamBlock().child_blocks) + ["step"])
def test_block_preview_renders_in_the_admin(admin_client, name):
    from services.models import GuidancePage, StepByStepPage

    if name == "step":
        block = StepByStepPage.steps.field.stream_block.child_blocks["step"]
    else:
        block = GuidancePage.body.field.stream_block.child_blocks[name]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/services.css" in html  # previews look like the public site
    assert "<main>" in html


@pytest.mark.django_db
def test_step_preview_is_a_list_item_inside_a_list(admin_client):
    from services.models import StepByStepPage

    block = StepByStepPage.steps.field.stream_block.child_blocks["step"]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    html = response.content.decode()
    assert '<ol class="step-nav"><li class="step-nav__step">' in html.replace("\n", "")
    assert "Escolha reclamação ou consulta" in html


def test_call_to_action_needs_a_page_or_an_address():
    block = CallToActionBlock()
    base = {"title": "T", "text": "", "button_text": "Ir"}
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({**base, "page": None, "url": ""}))
    value = block.clean(block.to_python({**base, "page": None, "url": "/reclamacao/"}))
    assert value.href == "/reclamacao/"


def test_task_with_address_needs_a_label():
    block = TaskBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "", "page": None, "url": "/x/", "note": ""}))


def step(logic):
    return {"type": "step", "value": {"title": logic, "logic": logic, "tasks": []}}


def test_first_step_must_be_numbered():
    block = StepsStreamBlock()
    with pytest.raises(StreamBlockValidationError):
        block.clean(block.to_python([step("or"), step("number")]))
    block.clean(block.to_python([step("number"), step("or")]))


def test_number_steps_shares_numbers_with_and_or():
    block = StepsStreamBlock()
    value = block.to_python(
        [step("number"), step("and"), step("number"), step("or"), step("number")]
    )
    labels = [(str(label), is_logic) for label, is_logic, _block in number_steps(value)]
    assert labels == [("1", False), ("e", True), ("2", False), ("ou", True), ("3", False)]
