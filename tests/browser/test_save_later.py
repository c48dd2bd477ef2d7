"""Save and continue later on a phone, and a step that survives a reload or a
lost connection."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.forms.files import image_bytes

from .conftest import assert_accessible
from .test_forms import CUIABA, at, continue_button, fill_step_one, step_url

PHONE = {"width": 390, "height": 844}
KEEP_PREFIX = "procon-etapa:"


def phone_context(browser, live_server):
    context = browser.new_context(
        locale="pt-BR",
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(10_000)
    return context


def save_later_button(page):
    return page.get_by_role("button", name="Salvar e continuar depois")


def test_phone_saves_a_half_written_step_with_a_file_and_continues_elsewhere(
    browser, live_server, demo_site, private_storage
):
    context = phone_context(browser, live_server)
    page = context.new_page()
    fill_step_one(page, email="maria@example.com")
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))

    # The description step, half done: only the story is written. Leaving keeps it,
    # unchecked, and the e-mail page already knows the address from step 1.
    story = "Comprei uma geladeira em maio e ela chegou com a porta amassada."
    page.fill("#id_descricao", story)
    save_later_button(page).click()
    expect(page).to_have_url(at("/reclamacao/salvar/"))
    expect(page.get_by_label("Seu e-mail")).to_have_value("maria@example.com")
    expect(page.locator("main")).to_contain_text(re.compile(r"salvas até \d+ de [a-zç]+ de \d{4}"))
    assert_accessible(page)
    page.get_by_role("link", name="Prefiro continuar agora").click()
    expect(page).to_have_url(step_url("reclamacao", 3))
    expect(page.locator("#id_descricao")).to_have_value(story)
    expect(page.locator("[data-error-summary]")).to_have_count(0)

    # Finish the step, then on the next one choose "Outro", explain, attach a
    # photo and a file that is refused, and leave again.
    page.select_option("#id_problema", index=1)
    page.fill("#id_data_compra", "2024-05-10")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name="Não", exact=True).check()
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))
    page.get_by_role("radio", name="Outro", exact=True).check()
    wish = "Quero a troca por uma geladeira nova, sem custo de frete."
    page.fill("#id_pedido_outro", wish)
    page.get_by_label("Documentos (opcional)").set_input_files(
        [
            {"name": "porta.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")},
            {"name": "video.exe", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 200},
        ]
    )
    kept = " ".join(stored_keys(page))
    assert wish in kept and "porta.jpg" not in kept  # the text, never the files
    save_later_button(page).click()
    expect(page).to_have_url(at("/reclamacao/salvar/"))
    expect(page.locator(".messages")).to_contain_text("“video.exe”")
    expect(page.locator(".messages")).to_contain_text("não foi guardado")
    assert_accessible(page)
    email = page.get_by_label("Seu e-mail")
    expect(email).to_have_value("maria@example.com")
    # The error state of the e-mail page, then the sent state.
    email.fill("não é e-mail")
    page.get_by_role("button", name="Enviar o link").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Seu e-mail").fill("maria@example.com")
    page.get_by_role("button", name="Enviar o link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enviamos um link para você")
    expect(page.locator("main")).to_contain_text(re.compile(r"guardadas até \d+ de [a-zç]+"))
    assert_accessible(page)

    links = [re.search(r"https?://[^/\s]+(/\S+/continuar/\?t=\S+)", m.body) for m in mail.outbox]
    links = [link[1] for link in links if link]
    assert len(links) == 1
    context.close()

    # Another phone, nothing shared but the link: the same step, as it was left.
    other = phone_context(browser, live_server)
    elsewhere = other.new_page()
    elsewhere.goto(links[0])
    expect(elsewhere).to_have_url(step_url("reclamacao", 4))
    expect(elsewhere.get_by_role("radio", name="Outro", exact=True)).to_be_checked()
    expect(elsewhere.locator("#id_pedido_outro")).to_be_visible()
    expect(elsewhere.locator("#id_pedido_outro")).to_have_value(wish)
    expect(elsewhere.locator(".attached-file .attached-name")).to_have_text(["porta.jpg"])
    expect(elsewhere.locator("[data-error-summary]")).to_have_count(0)
    assert_accessible(elsewhere)
    # And the step before it has the story and the rest.
    elsewhere.goto("/reclamacao/etapa/3/")
    expect(elsewhere.locator("#id_descricao")).to_have_value(story)
    other.close()


def stored_keys(page):
    return page.evaluate(
        """() => [sessionStorage, localStorage].flatMap(
            (store) => Object.keys(store).map((key) => key + "=" + store.getItem(key)))"""
    )


def test_a_reload_or_a_lost_post_gives_back_what_was_typed_and_nothing_stays_after_sending(
    page,
):
    page.goto("/consulta/etapa/1/")
    page.fill("#id_nome", "João Pereira")
    page.fill("#id_email_contato", "joao@example.com")
    page.reload()
    expect(page.locator("#id_nome")).to_have_value("João Pereira")
    expect(page.locator("#id_email_contato")).to_have_value("joao@example.com")
    status = page.get_by_role("status").filter(has_text="Recuperamos o que você digitou")
    expect(status).to_be_visible()
    assert_accessible(page)
    # Never the CSRF token or the honeypot.
    kept = " ".join(stored_keys(page))
    assert "csrfmiddlewaretoken" not in kept and "website" not in kept

    # The connection drops while the step is sent: the text is still there after.
    page.select_option("#id_municipio", CUIABA)

    def drop_posts(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/consulta/etapa/1/", drop_posts)
    with (
        pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"),
        page.expect_navigation(),
    ):
        continue_button(page).click()
    page.unroute("**/consulta/etapa/1/")
    page.goto("/consulta/etapa/1/")
    expect(page.locator("#id_nome")).to_have_value("João Pereira")
    expect(page.locator("#id_municipio")).to_have_value(CUIABA)
    expect(status).to_be_visible()

    # Once the step reaches the server its copy goes.
    continue_button(page).click()
    expect(page).to_have_url(step_url("consulta", 2))
    assert not [key for key in stored_keys(page) if ":1=" in key]
    page.select_option("#id_tema", "Planos de saúde")
    page.fill("#id_pergunta", "O plano pode negar uma cirurgia?")
    assert [key for key in stored_keys(page) if key.startswith(KEEP_PREFIX)]
    continue_button(page).click()
    expect(page).to_have_url(at("/consulta/revisar/"))
    page.get_by_role("button", name="Enviar consulta").click()
    expect(page).to_have_url(at("/consulta/enviado/"))
    # Nothing of the form stays in the browser.
    assert not [key for key in stored_keys(page) if key.startswith(KEEP_PREFIX)]
    assert "João" not in " ".join(stored_keys(page))


def test_server_answers_win_over_an_older_copy_in_the_browser(page):
    # A copy typed over an empty step, then the step is stored with other values:
    # going back shows what the server has, not the old copy.
    page.goto("/consulta/etapa/1/")
    page.fill("#id_nome", "Nome antigo")
    page.evaluate(
        """() => {
            const key = Object.keys(sessionStorage).find((k) => k.endsWith(":1"));
            window.__kept = sessionStorage.getItem(key);
            window.__key = key;
        }"""
    )
    kept = page.evaluate("() => [window.__key, window.__kept]")
    page.fill("#id_nome", "João Pereira")
    page.fill("#id_email_contato", "joao@example.com")
    page.select_option("#id_municipio", CUIABA)
    continue_button(page).click()
    expect(page).to_have_url(step_url("consulta", 2))
    # Put the old copy back, as if left by an earlier visit.
    page.evaluate("([key, value]) => sessionStorage.setItem(key, value)", kept)
    page.goto("/consulta/etapa/1/")
    expect(page.locator("#id_nome")).to_have_value("João Pereira")
    expect(page.get_by_role("status").filter(has_text="Recuperamos")).to_have_count(0)


def test_save_later_without_javascript(page_without_js, browser, live_server):
    page = page_without_js
    page.goto("/consulta/etapa/1/")
    page.fill("#id_nome", "João Pereira")
    page.fill("#id_email_contato", "joao@")  # not valid yet: kept anyway
    save_later_button(page).click()
    expect(page).to_have_url(at("/consulta/salvar/"))
    page.get_by_label("Seu e-mail").fill("joao@example.com")
    page.get_by_role("button", name="Enviar o link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enviamos um link para você")
    link = re.search(r"https?://[^/\s]+(/\S+/continuar/\?t=\S+)", mail.outbox[-1].body)[1]

    other = browser.new_context(locale="pt-BR", base_url=live_server.url, java_script_enabled=False)
    elsewhere = other.new_page()
    elsewhere.goto(link)
    expect(elsewhere).to_have_url(step_url("consulta", 1))
    expect(elsewhere.locator("#id_nome")).to_have_value("João Pereira")
    expect(elsewhere.locator("#id_email_contato")).to_have_value("joao@")
    other.close()
