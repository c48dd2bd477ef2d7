"""Letters to suppliers that have not enrolled: the one-case access code and
the PDF (one letter, or a batch in one file for the print room)."""

import io

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.platypus import HRFlowable, PageBreak, Paragraph, Spacer

from core import pdf
from core.brazil import format_cnpj
from forms.submission import ACCESS_CODE_ALPHABET, normalise_access_code
from home.links import absolute_url
from inbox.models import WorkflowSettings

from .sharing import shared_answers, shared_documents

CODE_SALT = "procon.supplier_enrolment.letter_code"
CODE_LENGTH = 10


def access_code(letter, secret=None):
    """The letter's one-case access code, e.g. "K7QM2-PX4TR": derived from the
    letter's random salt and the site's secret key (or `secret`), so it can be
    printed again but never read from the database alone."""
    digest = salted_hmac(CODE_SALT, letter.code_salt, secret=secret, algorithm="sha256").digest()
    chars = "".join(ACCESS_CODE_ALPHABET[b % len(ACCESS_CODE_ALPHABET)] for b in digest)
    code = chars[:CODE_LENGTH]
    return f"{code[:5]}-{code[5:]}"


def code_matches(letter, code):
    """Whether `code` is the letter's code under SECRET_KEY or, for letters
    printed before a key rotation, under one of SECRET_KEY_FALLBACKS."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    typed = normalise_access_code(code)
    matches = [
        constant_time_compare(normalise_access_code(access_code(letter, secret)), typed)
        for secret in secrets
    ]
    return any(matches)


def find_letter(protocol, code):
    """The letter with this protocol and access code, or None (the same answer
    whether the protocol exists or not)."""
    from .models import Letter

    letters = Letter.objects.filter(case__submission__protocol=(protocol or "").strip())
    for letter in letters.select_related("case"):
        if code_matches(letter, code):
            return letter
    return None


def answer_address(site=None):
    """Where a supplier answers online: the supplier area's sign-in on `site`
    (default: the default site)."""
    path = reverse("supplier_area:login")
    return site.root_url + path if site else absolute_url(path)


# --- PDF --------------------------------------------------------------------------


def _date(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _addressee(letter, styles):
    return Paragraph(
        "<b>"
        + pdf.text(_("To"))
        + ":</b> "
        + pdf.text(letter.addressee)
        + (
            "<br/>" + pdf.text(_("CNPJ")) + ": " + pdf.text(format_cnpj(letter.addressee_cnpj))
            if letter.addressee_cnpj
            else ""
        )
        + ("<br/>" + pdf.text(letter.address) if letter.address else ""),
        styles["body"],
    )


def _hearing_flowables(letter, agency, styles, area_address):
    """A notice of a conciliation hearing (the letter's `hearing`)."""
    hearing = letter.hearing
    submission = letter.case.submission
    when = timezone.localtime(hearing.scheduled_at)
    story = pdf.letterhead(agency, styles) + [
        Paragraph(pdf.text(_("Notice of a conciliation hearing")), styles["title"]),
        Paragraph(
            pdf.text(_("Protocol: %(protocol)s") % {"protocol": submission.protocol})
            + "<br/>"
            + pdf.text(
                _("Issued on %(date)s") % {"date": _date(timezone.localdate(letter.created_at))}
            ),
            styles["body"],
        ),
        Spacer(1, 6),
        _addressee(letter, styles),
        Paragraph(pdf.text(_("The hearing")), styles["h2"]),
        Paragraph(
            "<b>"
            + pdf.text(_("Date and time"))
            + ":</b> "
            + pdf.text(formats.date_format(when, "SHORT_DATETIME_FORMAT")),
            styles["body"],
        ),
    ]
    if hearing.place:
        story.append(
            Paragraph(
                "<b>" + pdf.text(_("Place")) + ":</b> " + pdf.text(hearing.place), styles["body"]
            )
        )
    if hearing.video_link:
        story.append(
            Paragraph(
                "<b>" + pdf.text(_("Video call")) + ":</b> " + pdf.text(hearing.video_link),
                styles["body"],
            )
        )
    story += [
        Paragraph(
            pdf.text(
                _(
                    "The company is called to a conciliation hearing with the consumer about "
                    "the complaint with the protocol above. Send a representative with a "
                    "letter of authority (carta de preposição)."
                )
            ),
            styles["body"],
        ),
        Paragraph(pdf.text(_("How to follow the case online")), styles["h2"]),
        Paragraph(
            pdf.text(
                _(
                    "Go to %(address)s, choose “Sign in with an access code” and enter the "
                    "protocol and the code below: you see the hearing, may ask once for "
                    "another date, and download the minutes afterwards."
                )
                % {"address": area_address}
            ),
            styles["body"],
        ),
        Spacer(1, 4),
        Paragraph(
            pdf.text(_("Access code")) + ": " + pdf.text(access_code(letter)), styles["code"]
        ),
    ]
    return story


def _letter_flowables(letter, agency, styles, days, area_address):
    if letter.hearing_id:
        return _hearing_flowables(letter, agency, styles, area_address)
    case = letter.case
    submission = case.submission
    story = [
        Paragraph(pdf.text(agency.name if agency else "Procon"), styles["agency"]),
        Paragraph(
            " · ".join(
                pdf.text(part)
                for part in (
                    agency.acronym if agency else "",
                    (agency.address or "").replace("\n", ", ") if agency else "",
                    agency.phone if agency else "",
                    agency.email if agency else "",
                )
                if part
            ),
            styles["letterhead"],
        ),
        HRFlowable(width="100%", color=colors.grey, spaceBefore=4, spaceAfter=8),
        Paragraph(pdf.text(_("Notice of a consumer complaint")), styles["title"]),
        Paragraph(
            pdf.text(_("Protocol: %(protocol)s") % {"protocol": submission.protocol})
            + "<br/>"
            + pdf.text(
                _("Issued on %(date)s") % {"date": _date(timezone.localdate(letter.created_at))}
            ),
            styles["body"],
        ),
        Spacer(1, 6),
        Paragraph(
            "<b>"
            + pdf.text(_("To"))
            + ":</b> "
            + pdf.text(letter.addressee)
            + (
                "<br/>" + pdf.text(_("CNPJ")) + ": " + pdf.text(format_cnpj(letter.addressee_cnpj))
                if letter.addressee_cnpj
                else ""
            )
            + ("<br/>" + pdf.text(letter.address) if letter.address else ""),
            styles["body"],
        ),
        Paragraph(pdf.text(_("The complaint")), styles["h2"]),
    ]
    for title, items in shared_answers(submission):
        story.append(Paragraph("<b>" + pdf.text(title) + "</b>", styles["body"]))
        for label, value in items:
            story.append(Paragraph(pdf.text(label) + ": " + pdf.text(value), styles["body"]))
        story.append(Spacer(1, 4))
    story.append(Paragraph(pdf.text(_("Documents")), styles["h2"]))
    documents = shared_documents(submission)
    if documents:
        for document in documents:
            story.append(
                Paragraph(
                    "• "
                    + pdf.text(document.original_name)
                    + f" ({pdf.text(filesizeformat(document.size))})",
                    styles["body"],
                )
            )
    else:
        story.append(Paragraph(pdf.text(_("No documents were attached.")), styles["body"]))
    story += [
        Paragraph(pdf.text(_("Deadline")), styles["h2"]),
        Paragraph(
            pdf.text(
                _(
                    "Answer within %(days)s calendar days from the day you receive this "
                    "letter (the date on the return receipt, AR)."
                )
                % {"days": days}
            ),
            styles["body"],
        ),
        Paragraph(pdf.text(_("Legal basis")), styles["h2"]),
        Paragraph(
            pdf.text(
                _(
                    "This notice is issued under article 55, paragraph 4, of the Consumer "
                    "Protection Code (Lei nº 8.078/1990) and article 33 of Decreto nº "
                    "2.181/1997. Failing to answer may be treated as disobedience and lead "
                    "to the administrative sanctions the law provides."
                )
            ),
            styles["body"],
        ),
        Paragraph(pdf.text(_("How to answer online")), styles["h2"]),
        Paragraph(
            pdf.text(
                _(
                    "Go to %(address)s, choose “Sign in with an access code” and enter the "
                    "protocol and the code below. The code opens this case only."
                )
                % {"address": area_address}
            ),
            styles["body"],
        ),
        Spacer(1, 4),
        Paragraph(
            pdf.text(_("Access code")) + ": " + pdf.text(access_code(letter)), styles["code"]
        ),
        Paragraph(
            pdf.text(
                _(
                    "Companies that enrol with the Procon receive and answer every complaint "
                    "online, without letters."
                )
            ),
            styles["body"],
        ),
    ]
    return story


def render_pdf(letters, site=None):
    """One PDF holding every letter of `letters` (each starting on a new page)."""
    from wagtail.models import Site

    from home.models import AgencySettings

    site = site or Site.objects.filter(is_default_site=True).first()
    agency = AgencySettings.for_site(site) if site else None
    days = WorkflowSettings.load().supplier_answer_days
    area_address = answer_address(site)
    styles = pdf.styles()
    buffer = io.BytesIO()
    document = pdf.document(buffer, title=_("Notices to suppliers"), agency=agency)
    story = []
    with translation.override(settings.LANGUAGE_CODE):
        for index, letter in enumerate(letters):
            if index:
                story.append(PageBreak())
            story += _letter_flowables(letter, agency, styles, days, area_address)
        if not story:
            story.append(Paragraph(pdf.text(_("No letters.")), styles["body"]))
        document.build(story)
    return buffer.getvalue()


def letters_for_printing(queryset):
    """The letters with what their PDF reads, in few queries."""
    return queryset.select_related("case__submission", "hearing").prefetch_related(
        "case__submission__attachments"
    )
