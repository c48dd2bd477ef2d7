"""The minutes (ata) of a conciliation hearing as a PDF: what both parties take
away from the hearing, stored with the case's other private files."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer


def _text(value):
    return escape(str(value or "")).replace("\n", "<br/>")


def _styles():
    base = getSampleStyleSheet()
    return {
        "agency": ParagraphStyle("agency", parent=base["Title"], fontSize=14, spaceAfter=2),
        "letterhead": ParagraphStyle(
            "letterhead", parent=base["Normal"], fontSize=8, alignment=1, textColor=colors.grey
        ),
        "title": ParagraphStyle("title", parent=base["Heading1"], fontSize=13, spaceBefore=8),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=11, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=9.5, leading=13),
    }


def _agency():
    from wagtail.models import Site

    from home.models import AgencySettings

    site = Site.objects.filter(is_default_site=True).first()
    return AgencySettings.for_site(site) if site else None


OUTCOME_TEXTS = {
    "agreement": lambda: _("The parties reached an agreement, on the terms below."),
    "no_agreement": lambda: _("The parties did not reach an agreement."),
    "consumer_absent": lambda: _(
        "The consumer did not attend the hearing; the complaint is filed."
    ),
    "supplier_absent": lambda: _(
        "The supplier did not attend the hearing; there was no conciliation."
    ),
}


def render(hearing):
    """The PDF bytes of `hearing`'s minutes, from its recorded outcome."""
    case = hearing.case
    submission = case.submission
    agency = _agency()
    styles = _styles()
    buffer = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        when = timezone.localtime(hearing.scheduled_at)
        title = _("Minutes of the conciliation hearing")
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=f"{title} {submission.protocol}",
            author=agency.name if agency else "Procon",
        )
        where = [hearing.place, hearing.video_link and _("by video call")]
        rows = [
            (_("Protocol"), submission.protocol),
            (_("Date and time"), formats.date_format(when, "SHORT_DATETIME_FORMAT")),
            (_("Place"), " · ".join(part for part in where if part)),
            (_("Consumer"), submission.consumer_name or "-"),
            (_("Supplier"), submission.supplier_name or "-"),
        ]
        story = [
            Paragraph(_text(agency.name if agency else "Procon"), styles["agency"]),
            Paragraph(
                " · ".join(
                    _text(part)
                    for part in (
                        agency.acronym if agency else "",
                        (agency.address or "").replace("\n", ", ") if agency else "",
                        agency.phone if agency else "",
                    )
                    if part
                ),
                styles["letterhead"],
            ),
            HRFlowable(width="100%", color=colors.grey, spaceBefore=4, spaceAfter=8),
            Paragraph(_text(title), styles["title"]),
        ]
        story += [
            Paragraph(f"<b>{_text(label)}:</b> {_text(value)}", styles["body"])
            for label, value in rows
        ]
        story += [
            Paragraph(_text(_("Outcome")), styles["h2"]),
            Paragraph(_text(OUTCOME_TEXTS[hearing.outcome]()), styles["body"]),
        ]
        if hearing.outcome == "agreement":
            story += [
                Paragraph(_text(_("Terms of the agreement")), styles["h2"]),
                Paragraph(_text(hearing.agreement_terms), styles["body"]),
                Paragraph(
                    "<b>"
                    + _text(_("Due date"))
                    + ":</b> "
                    + _text(formats.date_format(hearing.due_date, "SHORT_DATE_FORMAT")),
                    styles["body"],
                ),
                Paragraph(
                    _text(
                        _(
                            "After the due date the consumer tells the Procon, on the "
                            "tracking page, whether the agreement was kept. If it was not, "
                            "the Procon takes the next step, which may be an administrative "
                            "process."
                        )
                    ),
                    styles["body"],
                ),
            ]
        if hearing.minutes:
            story += [
                Paragraph(_text(_("Record of the hearing")), styles["h2"]),
                Paragraph(_text(hearing.minutes), styles["body"]),
            ]
        recorder = hearing.recorded_by
        story += [
            Spacer(1, 8),
            Paragraph(
                _text(
                    _("Recorded by %(name)s on %(date)s.")
                    % {
                        "name": (recorder.get_full_name() or recorder.get_username())
                        if recorder
                        else (agency.acronym if agency else "Procon"),
                        "date": formats.date_format(
                            timezone.localtime(hearing.recorded_at or timezone.now()),
                            "SHORT_DATETIME_FORMAT",
                        ),
                    }
                ),
                styles["body"],
            ),
        ]
        document.build(story)
    return buffer.getvalue()
