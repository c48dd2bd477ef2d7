"""The Content-Security-Policy breaks nothing: Chromium reports no violation on the
public pages (strict policy) or on the admin screens staff use (wider policy)."""

from django.contrib.auth import get_user_model


def violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_public_pages_run_under_the_strict_policy(page):
    found = violations(page)
    for path in ["/", "/orientacoes/", "/busca/?q=garantia", "/privacidade/", "/reclamacao/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto("/reclamacao/etapa/1/")
    page.wait_for_load_state("networkidle")
    assert found == [], "\n".join(found)


def test_admin_screens_run_under_the_admin_policy(page):
    get_user_model().objects.create_superuser("chefe", "chefe@procon.example", "senha-forte-123")
    found = violations(page)
    page.goto("/admin/login/")
    page.fill("#id_username", "chefe")
    page.fill("#id_password", "senha-forte-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    for path in [
        "/admin/",
        "/admin/pages/",
        "/admin/casos/",
        "/admin/cartas/",
        "/admin/reports/emails-com-falha/",
        "/admin/titulares/",
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    from wagtail.models import Page

    editable = Page.objects.get(url_path="/home/privacidade/")
    page.goto(f"/admin/pages/{editable.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert found == [], "\n".join(found)
