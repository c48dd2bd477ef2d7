"""Focus, reflow and the compact header menu, to GOV.UK's standard, in a real browser.

- Every kind of control shows a focus indicator at least 2 px wide with at least
  3:1 contrast against what it sits on (white, the grey boxes, the blue header),
  also in the error state. It is read from the computed style: the bands that the
  outline and the box-shadows paint around the element, in the colours they have.
- No page scrolls sideways on a 320 px wide screen, nor at 200% text size (the
  browser's default font size doubled at 1280 px, as its text-size setting does).
- On small screens, and at large text sizes, the header menu folds into a "Menu"
  that opens and closes with and without JavaScript.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_forms import complete_complaint_steps, continue_button, fill_step_one, step_url, tab_to
from .test_tracking import sign_in, stored_complaint

GUIDANCE_URL = "/orientacoes/garantia-legal/"
STEP_BY_STEP_URL = "/orientacoes/resolver-um-problema-de-consumo/"
TOPIC_URL = "/orientacoes/tema/compras-e-garantia/"
MENU = ["Orientações", "Reclamação", "Consulta", "Acompanhar", "Notícias", "Transparência"]

WHITE = (255, 255, 255, 1.0)
HEADER_BLUE = (11, 74, 130, 1.0)  # #0b4a82, the header
NAV_BLUE = (7, 51, 90, 1.0)  # #07335a, the menu bar
GREY = (241, 243, 245, 1.0)  # #f1f3f5, the footer and the side boxes
CTA_BLUE = (231, 241, 251, 1.0)  # #e7f1fb, a guidance page's call to action

# --- colour arithmetic (WCAG 2 relative luminance and contrast ratio) -------------------

COLOUR = re.compile(r"rgba?\(([^)]*)\)")
SHADOW = re.compile(
    r"(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px(\s+inset)?"
)


def parse_colour(text):
    """(r, g, b, alpha) of a computed colour, "rgb(1, 2, 3)" or "rgba(1, 2, 3, 0.5)"."""
    numbers = [float(n) for n in re.split(r"[\s,/]+", COLOUR.search(text).group(1)) if n]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top, bottom):
    """The opaque colour of `top` painted over the opaque `bottom`."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def luminance(colour):
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- focus bands --------------------------------------------------------------------------

STEP = 0.25  # px: the rings are sampled at this resolution


def shadows(box_shadow):
    """The box-shadows that paint an even ring: no offset and no blur (others are
    not counted), as (spread, colour, inset), the topmost first."""
    rings = []
    for colour, x, y, blur, spread, inset in SHADOW.findall(box_shadow or ""):
        if float(x) == float(y) == float(blur) == 0 and float(spread) > 0:
            rings.append((float(spread), parse_colour(colour), bool(inset)))
    return rings


def focus_bands(style):
    """The bands painted by the outline and the box-shadows, from the inside out:
    dicts with width (px), colour (opaque, as seen) and against (the colour the
    band replaces: the element's background inside it, what it sits on outside)."""
    behind = style["behind"]
    inside = over(style["background"], behind)
    outline = None
    if style["outlineStyle"] not in ("none", "auto", "hidden") and style["outlineWidth"] > 0:
        outline = (style["outlineOffset"], style["outlineWidth"], style["outlineColor"])
    rings = shadows(style["boxShadow"])
    border = style["borderWidth"]

    def painter(distance):
        """What is seen at `distance` px from the border edge (negative: inside)."""
        if outline and outline[0] <= distance < outline[0] + outline[1]:
            return outline[2]
        if distance >= 0:
            return next((c for s, c, inset in rings if not inset and distance < s), None)
        if distance >= -border:
            return None  # the element's border: not part of the indicator
        return next((c for s, c, inset in rings if inset and distance >= -border - s), None)

    bands = []
    samples = [i * STEP for i in range(int(-16 / STEP), int(16 / STEP))]
    for distance in samples:
        colour = painter(distance + STEP / 2)
        if colour is None:
            continue
        against = behind if distance >= 0 else inside
        seen = over(colour, against)
        last = bands[-1] if bands else None
        if last and last["end"] == distance and last["colour"] == seen:
            last["end"] = distance + STEP
        else:
            bands.append({"start": distance, "end": distance + STEP, "colour": seen})
        bands[-1]["against"] = against
    for band in bands:
        band["width"] = band["end"] - band["start"]
        band["contrast"] = round(contrast(band["colour"], band["against"]), 2)
    return bands


def strong_enough(bands):
    """GOV.UK's bar: some band at least 2 px wide with at least 3:1 contrast against
    the colour it replaces."""
    return any(b["width"] >= 2 and b["contrast"] >= 3 for b in bands)


READ_FOCUS = """async element => {
  // Bootstrap animates box-shadows: read the style once the transition is over.
  await Promise.all(element.getAnimations().map(animation => animation.finished));
  const style = getComputedStyle(element);
  const layers = [];
  for (let node = element.parentElement; node; node = node.parentElement) {
    layers.push(getComputedStyle(node).backgroundColor);
  }
  return {
    focused: element === document.activeElement,
    focusVisible: element.matches(":focus-visible"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineOffset: parseFloat(style.outlineOffset),
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    background: style.backgroundColor,
    borderWidth: parseFloat(style.borderTopWidth),
    layers: layers,
  };
}"""


def read_focus(locator):
    style = locator.evaluate(READ_FOCUS)
    behind = WHITE  # the canvas
    for layer in reversed(style.pop("layers")):
        behind = over(parse_colour(layer), behind)
    style["behind"] = behind
    style["background"] = parse_colour(style["background"])
    style["outlineColor"] = parse_colour(style["outlineColor"])
    return style


def keyboard_focus(page, selector):
    """Focus `selector` as a keyboard user gets there: after a Tab, focus that a
    script moves follows :focus-visible (the error summary's links do this too)."""
    page.keyboard.press("Tab")
    element = page.locator(selector).first
    element.evaluate("element => element.focus()")
    return element


def assert_strong_focus(page, selector, on=None):
    """The control at `selector`, focused from the keyboard, shows a strong indicator;
    `on` is the colour it must be sitting on (to prove which background was tried)."""
    element = keyboard_focus(page, selector)
    style = read_focus(element)
    assert style["focused"], f"{selector} did not take focus"
    assert style["focusVisible"], f"{selector} is focused but not :focus-visible"
    if on is not None:
        assert style["behind"] == on, f"{selector} sits on {style['behind']}, not on {on}"
    bands = focus_bands(style)
    assert strong_enough(bands), (
        f"{selector}: no focus band of 2 px or more at 3:1 or more; outline "
        f"{style['outlineStyle']} {style['outlineWidth']}px {style['outlineColor']} "
        f"offset {style['outlineOffset']}px, box-shadow {style['boxShadow']}, bands {bands}"
    )


def test_the_focus_measure_fails_bootstrap_s_halo_and_passes_the_site_s_bands():
    """The measuring stick itself: known contrasts, Bootstrap's default focus (a
    4 px halo of rgba(13, 110, 253, .25), about 1.4:1 on white) fails, the yellow and
    black bands pass on white and on the blue header."""
    assert round(contrast(WHITE, (0, 0, 0, 1.0)), 2) == 21
    assert round(contrast((255, 204, 41, 1.0), HEADER_BLUE), 1) == 6.0
    base = {
        "outlineStyle": "none",
        "outlineWidth": 0.0,
        "outlineOffset": 0.0,
        "outlineColor": (0, 0, 0, 1.0),
        "background": WHITE,
        "borderWidth": 1.0,
    }
    halo = {**base, "boxShadow": "rgba(13, 110, 253, 0.25) 0px 0px 0px 4px", "behind": WHITE}
    (band,) = focus_bands(halo)
    assert band["width"] == 4 and band["contrast"] < 1.5
    assert not strong_enough([band])

    site = {
        **base,
        "outlineStyle": "solid",
        "outlineWidth": 3.0,
        "outlineColor": (255, 204, 41, 1.0),
        "boxShadow": "rgb(11, 12, 12) 0px 0px 0px 5px",
    }
    on_white = focus_bands({**site, "behind": WHITE})
    assert [(b["start"], b["end"]) for b in on_white] == [(0, 3), (3, 5)]
    assert strong_enough(on_white)  # the black band, 21:1 on white
    assert strong_enough(focus_bands({**site, "behind": HEADER_BLUE}))  # the yellow one
    inset = {**site, "boxShadow": "rgb(11, 12, 12) 0px 0px 0px 2px inset", "behind": WHITE}
    assert [(b["start"], b["end"]) for b in focus_bands(inset)] == [(-3, -1), (0, 3)]
    assert strong_enough(focus_bands(inset))  # the black band inside the white input


# --- 1. focus on every control ------------------------------------------------------------


def test_links_buttons_inputs_and_radios_show_a_strong_focus_on_white_grey_and_blue(page):
    page.goto(GUIDANCE_URL)
    # The header, on blue: brand link, search input and button, and the menu's links.
    assert_strong_focus(page, ".site-brand", on=HEADER_BLUE)
    assert_strong_focus(page, "#busca-topo", on=HEADER_BLUE)
    assert_strong_focus(page, ".site-search button[type=submit]", on=HEADER_BLUE)
    assert_strong_focus(page, ".site-nav__list--wide a", on=NAV_BLUE)
    # The page, on white and on the grey boxes.
    assert_strong_focus(page, ".breadcrumb a", on=WHITE)
    assert_strong_focus(page, ".cta a.btn", on=CTA_BLUE)
    assert_strong_focus(page, ".part-of a", on=GREY)
    assert_strong_focus(page, "#id_useful_0", on=WHITE)  # radio
    assert_strong_focus(page, "#id_comment", on=WHITE)  # textarea
    assert_strong_focus(page, "#avaliacao button[type=submit]", on=WHITE)
    assert_strong_focus(page, "footer a[href^='mailto:']", on=GREY)


def test_form_controls_show_a_strong_focus_also_in_the_error_state(page):
    fill_step_one(page)
    assert_strong_focus(page, "#id_nome", on=WHITE)  # text input
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 2))
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))

    # Step 3 sent empty: every required field in its error state.
    continue_button(page).click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_strong_focus(page, "[data-error-summary] a")
    # The select, the day box of the date (a text input), the textarea, a radio.
    for selector in ("#id_problema", "#id_data_compra", "#id_descricao", "#id_como_comprou_0"):
        expect(page.locator(selector)).to_have_class(re.compile(r"\bis-invalid\b"))
        assert_strong_focus(page, selector, on=WHITE)
    assert_strong_focus(page, "form[data-step-form] button[type=submit]", on=WHITE)

    # A whole complaint (a new draft), to the review page: the declaration's checkbox.
    page.context.clear_cookies()
    complete_complaint_steps(page, contacted="Não")
    assert_strong_focus(page, "#id_declaration_confirmed", on=WHITE)
    assert_strong_focus(page, ".review-change a", on=WHITE)

    # Back on the steps, the same controls without errors, and the file input.
    page.goto("/reclamacao/etapa/3/")
    for selector in ("#id_problema", "#id_descricao", "#id_como_comprou_1"):
        expect(page.locator(selector)).not_to_have_class(re.compile(r"\bis-invalid\b"))
        assert_strong_focus(page, selector, on=WHITE)
    page.goto("/reclamacao/etapa/4/")
    assert_strong_focus(page, "input[type=file]", on=WHITE)
    assert_strong_focus(page, "#id_pedido_0", on=WHITE)


# --- 2. radios and checkboxes ---------------------------------------------------------------


def test_radios_and_checkboxes_are_large_and_their_labels_tick_them(page):
    page.goto(GUIDANCE_URL)
    radio = page.locator("#id_useful_1")
    box = radio.bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40, box
    # The label's first line is centred on the box.
    label = page.locator("label[for=id_useful_1]")
    label_box = label.bounding_box()
    line = float(label.evaluate("l => parseFloat(getComputedStyle(l).lineHeight)"))
    padding = float(label.evaluate("l => parseFloat(getComputedStyle(l).paddingTop)"))
    first_line_middle = label_box["y"] + padding + line / 2
    assert abs(first_line_middle - (box["y"] + box["height"] / 2)) <= 2
    label.click()
    expect(radio).to_be_checked()

    complete_complaint_steps(page, contacted="Não")
    checkbox = page.locator("#id_declaration_confirmed")
    box = checkbox.bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40, box
    page.locator("label[for=id_declaration_confirmed]").click()
    expect(checkbox).to_be_checked()


# --- 3. reflow: 320 px and 200% text --------------------------------------------------------

WIDER_THAN_THE_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > width + 0.5)
    .map(element => {
      const box = element.getBoundingClientRect();
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + [...element.classList].map(c => "." + c).join("");
      return `${name} ${Math.round(box.left)}..${Math.round(box.right)}`;
    });
}"""

STICKING_OUT = """() => {
  // Boxes whose content is wider than they are (and not meant to scroll or clip).
  const skip = "input, select, textarea, button, svg, svg *, img, .visually-hidden, "
    + ".visually-hidden *, .visually-hidden-focusable, .hp-field, .hp-field *";
  return [...document.querySelectorAll("body *")]
    .filter(element => {
      const style = getComputedStyle(element);
      return style.overflowX === "visible" && !["inline", "contents"].includes(style.display)
        && !element.matches(skip) && element.scrollWidth > element.clientWidth + 1;
    })
    .map(element => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + [...element.classList].map(c => "." + c).join("")
      + ` ${element.scrollWidth} > ${element.clientWidth}`);
}"""

BROKEN_WORDS = """elements => elements.flatMap(element => {
  // A word whose letters sit on two lines was broken in the middle.
  const broken = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    for (const match of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
})"""

MODES = {
    "320px": {"viewport": {"width": 320, "height": 640}, "font_sizes": None},
    "text-200%": {
        "viewport": {"width": 1280, "height": 800},
        # Chromium's text-size settings: the default sizes doubled (16 and 13 px).
        "font_sizes": {"standard": 32, "fixed": 26},
    },
}


@pytest.fixture
def sized_page(browser, live_server, demo_site):
    """A tab of a new context in one of the MODES (closed after the test)."""
    contexts = []

    def make(mode, javascript=True, viewport=None):
        context = browser.new_context(
            locale="pt-BR",
            base_url=live_server.url,
            viewport=viewport or MODES[mode]["viewport"],
            java_script_enabled=javascript,
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        tab = context.new_page()
        if MODES[mode]["font_sizes"]:
            session = context.new_cdp_session(tab)
            session.send("Page.setFontSizes", {"fontSizes": MODES[mode]["font_sizes"]})
        return tab

    yield make
    for context in contexts:
        context.close()


def root_font_size(page):
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def assert_reflows(page, mode, boxes_hold_their_content=False):
    """No sideways scrolling (naming what sticks out when there is), and axe passes.
    With `boxes_hold_their_content`, no box's content is wider than the box either
    (a squeezed column whose words run out of it, even inside the viewport)."""
    expected_font = 32 if mode == "text-200%" else 16
    assert root_font_size(page) == expected_font, "the text size setting did not apply"
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    wide = page.evaluate(WIDER_THAN_THE_VIEWPORT)
    assert scroll_width <= client_width, (
        f"{page.url} scrolls sideways at {mode}: {scroll_width} > {client_width}; wider:\n"
        + "\n".join(wide)
    )
    if boxes_hold_their_content:
        assert page.evaluate(STICKING_OUT) == [], f"{page.url} at {mode}"
    assert_accessible(page)


@pytest.mark.parametrize("mode", MODES)
def test_no_page_scrolls_sideways(sized_page, mode):
    page = sized_page(mode)
    page.goto("/")
    assert_reflows(page, mode, boxes_hold_their_content=True)
    # The home cards: headings keep whole words, buttons stay inside their card.
    titles = page.locator(".service-card .card-title")
    expect(titles).to_have_count(4)
    assert titles.evaluate_all(BROKEN_WORDS) == []
    for card in page.locator(".service-card").all():
        card_box, button_box = card.bounding_box(), card.locator(".btn").bounding_box()
        assert button_box["x"] >= card_box["x"]
        assert button_box["x"] + button_box["width"] <= card_box["x"] + card_box["width"]
    # The footer's e-mail addresses wrap inside their column.
    for address in page.locator("footer a[href^='mailto:']").all():
        column = address.locator("xpath=ancestor::div[@class='site-footer__column']")
        column_box, address_box = column.bounding_box(), address.bounding_box()
        assert address_box["x"] + address_box["width"] <= column_box["x"] + column_box["width"]

    for url in (GUIDANCE_URL, STEP_BY_STEP_URL, TOPIC_URL, "/busca/?q=garantia", "/noticias/"):
        page.goto(url)
        assert_reflows(page, mode, boxes_hold_their_content=True)
    page.goto("/acompanhar/")
    assert_reflows(page, mode)

    # A form step, the review page of a complaint, a form step with answers.
    page.goto("/reclamacao/etapa/1/")
    assert_reflows(page, mode)
    complete_complaint_steps(page, contacted="Sim", sac_number="SAC-998877")
    assert_reflows(page, mode)
    page.goto("/reclamacao/etapa/3/")
    assert_reflows(page, mode)

    # A case on the tracking pages.
    case = stored_complaint()
    sign_in(page, case.submission.protocol)
    expect(page).to_have_url(
        re.compile(rf"/acompanhar/caso/{re.escape(case.submission.protocol)}/")
    )
    assert_reflows(page, mode)


# --- 4. the compact header menu -----------------------------------------------------------


def main_menu(page):
    return page.get_by_role("navigation", name="Menu principal")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_menu_folds_at_320px_and_opens_and_closes_without_scripts(sized_page, javascript):
    page = sized_page("320px", javascript=javascript, viewport={"width": 320, "height": 568})
    page.goto("/reclamacao/")
    nav = main_menu(page)
    toggle = nav.locator("summary")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Menu")
    # Closed, and the wide list is not shown either: no link of the menu is exposed.
    expect(nav.get_by_role("link")).to_have_count(0)
    # The header leaves most of a small phone's first screen to the page.
    assert page.locator("header").bounding_box()["height"] < 568 / 3
    if javascript:  # axe runs in the page: not where scripts are off (same markup)
        assert_accessible(page)

    # Opened from the keyboard: Tab to "Menu", Enter.
    tab_to(page, ".site-menu__toggle")
    if javascript:  # the focus is read with a script
        assert_strong_focus(page, ".site-menu__toggle", on=NAV_BLUE)
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link")).to_have_text(MENU)
    expect(nav.get_by_role("link", name="Reclamação")).to_have_attribute("aria-current", "page")
    if javascript:
        assert_accessible(page)
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Orientações")).to_be_focused()
    # Closed again from the keyboard, then opened and closed with a tap.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link")).to_have_count(0)
    toggle.click()
    expect(nav.get_by_role("link")).to_have_count(len(MENU))
    toggle.click()
    expect(nav.get_by_role("link")).to_have_count(0)

    nav.locator("summary").click()
    nav.get_by_role("link", name="Orientações").click()
    expect(page).to_have_url(re.compile(r"/orientacoes/$"))


def test_wide_screens_show_the_plain_menu_and_large_text_the_compact_one(sized_page):
    page = sized_page("320px", viewport={"width": 1280, "height": 800})
    page.goto("/consulta/")
    nav = main_menu(page)
    expect(nav.locator("summary")).to_be_hidden()
    expect(nav.get_by_role("link")).to_have_text(MENU)
    expect(nav.get_by_role("link", name="Consulta")).to_have_attribute("aria-current", "page")

    # At 200% text the same width is a small screen for the text: the menu folds.
    large = sized_page("text-200%")
    large.goto("/consulta/")
    assert root_font_size(large) == 32
    nav = main_menu(large)
    expect(nav.locator("summary")).to_be_visible()
    expect(nav.get_by_role("link")).to_have_count(0)
    nav.locator("summary").click()
    expect(nav.get_by_role("link")).to_have_text(MENU)


# --- 5. one name per card link ------------------------------------------------------------


def test_each_home_card_link_has_one_name_its_visible_text(page):
    page.goto("/")
    cards = page.locator(".service-card")
    expect(cards).to_have_count(4)
    for card in cards.all():
        link = card.get_by_role("link")
        text = link.inner_text().strip()
        # Its accessible name is exactly what it shows: no hidden repeat of the heading.
        expect(card.get_by_role("link", name=text, exact=True)).to_have_count(1)
        assert link.locator(".visually-hidden").count() == 0
        assert link.get_attribute("aria-label") is None
    expect(page.get_by_role("link", name="Registrar reclamação", exact=True)).to_have_count(1)
