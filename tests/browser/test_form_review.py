"""A content editor builds a form and sends it for review; a supervisor approves
it; citizens answer it both ways; the inbox shows both protocols.

The editor never types a key: the condition's field and value are chosen from
lists of the form as it stands in the editor.
"""

import re

from playwright.sync_api import expect

from inbox.permissions import EDITORS, SUPERVISORS
from tests.forms.test_approval import workflows  # noqa: F401  (the forms' workflow)
from tests.inbox.conftest import member

from .test_form_editor import StreamEditor

PROTOCOL_RE = re.compile(r"^\d{4}\.\d{6}-\d$")
TITLE = "Pedido de segunda via"


def pages_workflow():
    """The page-review workflow on the root page, as a migrated site has it (an
    earlier flushing test may have emptied it). The add screen offers "Enviar para
    aprovação" only when the new page's parent has a workflow."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    root = Page.get_first_root_node()
    if WorkflowPage.objects.filter(page=root).exists():
        return
    task = GroupApprovalTask.objects.create(name="Revisão pelos editores de conteúdo")
    task.groups.set([Group.objects.get(name=EDITORS)])
    workflow = Workflow.objects.create(name="Aprovação de páginas")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)


def signed_in(browser, live_server, username):
    context = browser.new_context(
        locale="pt-BR", base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", "senha-123")
    tab.locator("form button[type=submit]").first.click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))
    return tab


def footer_action(tab, selector):
    tab.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    tab.locator(selector).click()


def answer(page, form_url, has_invoice):
    page.context.clear_cookies()
    page.goto(form_url)
    page.locator(f"main a[href$='{form_url}etapa/1/']").click()
    number = page.get_by_label("Número da nota")
    expect(number).to_be_hidden()
    if has_invoice:
        page.get_by_role("radio", name="Sim").check()
        expect(number).to_be_visible()
        number.fill("000123")
    else:
        page.get_by_role("radio", name="Não").check()
        expect(number).to_be_hidden()
    page.locator("form[data-step-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/etapa/2/"))
    page.get_by_label("Seu e-mail").fill("cidada@example.com")
    page.locator("form[data-step-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/etapa/3/"))
    page.get_by_label("Descreva o pedido").fill("Preciso da segunda via da nota.")
    page.locator("form[data-step-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/revisar/"))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/enviado/"))
    protocol = page.locator(".protocol-number").inner_text().strip()
    assert PROTOCOL_RE.match(protocol), protocol
    return protocol


def test_an_editor_s_form_goes_live_through_review_and_reaches_the_inbox(
    browser,
    live_server,
    demo_site,
    page,
    django_user_model,
    settings,
    workflows,  # noqa: F811
):
    from wagtail.models import Site

    from forms.conditions import Condition
    from forms.models import FormPage, Submission

    # Wagtail's autosave would turn the add screen into the edit screen at a moment
    # of its choosing: the submit then goes to the edit address, or creates the page
    # a second time beside the autosaved draft.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    member(django_user_model, "editora", EDITORS)
    member(django_user_model, "supervisora", SUPERVISORS)
    pages_workflow()
    home = Site.objects.get(is_default_site=True).root_page

    # 1. A content editor builds three steps with a condition chosen from lists.
    editor = signed_in(browser, live_server, "editora")
    editor.goto(f"/admin/pages/add/procon_forms/formpage/{home.pk}/")
    editor.fill("#id_title", TITLE)
    stream = StreamEditor(editor)
    assert stream.add_block("steps") == 0
    stream.fill("steps-0-value-title", "Nota fiscal")
    radio = stream.add_field(0, "radio", "Tem nota fiscal?")
    stream.fill(f"{radio}-choices-0-value", "Sim")
    second = stream.add_list_item(f"{radio}-choices")
    stream.fill(f"{radio}-choices-{second}-value", "Não")
    # The role list offers the roles of the form's kind (a generic form: the citizen's).
    role = editor.locator(f"[name='{radio}-role']")

    def offered():
        return role.evaluate(
            "s => [...s.options].filter(o => !o.hidden && o.value).map(o => o.value)"
        )

    assert "consumer_cpf" in offered() and "problem" not in offered()
    assert "company_cnpj" not in offered()
    editor.select_option("#id_kind", "complaint")
    assert "problem" in offered() and "company_cnpj" not in offered()
    editor.select_option("#id_kind", "generic")
    number = stream.add_field(0, "singleline", "Número da nota")
    stream.open_condition(number)
    stream.chooser(f"{number}-condition-field").select_option(label="Etapa 1: Tem nota fiscal?")
    stream.chooser(f"{number}-condition-value").select_option("Sim")
    assert stream.add_block("steps") == 1
    stream.fill("steps-1-value-title", "Contato")
    stream.add_field(1, "email", "Seu e-mail")
    assert stream.add_block("steps") == 2
    stream.fill("steps-2-value-title", "Detalhes")
    stream.add_field(2, "multiline", "Descreva o pedido")

    # The preview panel shows the page as citizens will see it.
    editor.locator("[data-side-panel-toggle='preview']").click()
    preview = editor.frame_locator("iframe[data-w-preview-target='iframe']").first
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE, timeout=20_000)

    # Editors are not offered "Publicar" on a form: they send it for review.
    editor.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    expect(editor.locator("footer button[name='action-publish']")).to_have_count(0)
    with editor.expect_response(
        lambda r: r.request.method == "POST" and "/admin/pages/add/" in r.url, timeout=30_000
    ):
        editor.locator("footer button[name='action-submit']").click()
    form_page = FormPage.objects.get(title=TITLE)
    assert not form_page.live
    assert form_page.workflow_in_progress

    # 2. A supervisor approves it; it goes live.
    supervisor = signed_in(browser, live_server, "supervisora")
    supervisor.goto(f"/admin/pages/{form_page.pk}/edit/")
    footer_action(
        supervisor,
        "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
    )
    expect(supervisor.locator(".messages")).to_contain_text(TITLE, timeout=20_000)
    form_page.refresh_from_db()
    assert form_page.live
    fields = form_page.definition.steps[0].fields
    assert fields[1].condition == Condition("tem_nota_fiscal", "equals", "Sim")

    # 3. A citizen answers it once each way.
    with_invoice = answer(page, form_page.url, has_invoice=True)
    without_invoice = answer(page, form_page.url, has_invoice=False)
    stored = {s.protocol: s.form_data for s in Submission.objects.filter(page=form_page)}
    assert stored[with_invoice]["numero_da_nota"] == "000123"
    assert "numero_da_nota" not in stored[without_invoice]

    # 4. Both reach the inbox, with their protocols.
    supervisor.goto("/admin/casos/")
    for protocol in (with_invoice, without_invoice):
        expect(supervisor.get_by_role("link", name=protocol)).to_be_visible()
    editor.context.close()
    supervisor.context.close()
