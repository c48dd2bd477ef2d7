"""The minutes (ata) of a conciliation hearing as a PDF: what both parties take
away from the hearing, stored with the case's other private files."""

import io

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph, Spacer

from core import pdf


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
    styles = pdf.styles()
    buffer = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        when = timezone.localtime(hearing.scheduled_at)
        title = _("Minutes of the conciliation hearing")
        document = pdf.document(buffer, title=f"{title} {submission.protocol}", agency=agency)
        where = [hearing.place, hearing.video_link and _("by video call")]
        rows = [
            (_("Protocol"), submission.protocol),
            (_("Date and time"), formats.date_format(when, "SHORT_DATETIME_FORMAT")),
            (_("Place"), " · ".join(part for part in where if part)),
            (_("Consumer"), submission.consumer_name or "-"),
            (_("Supplier"), submission.supplier_name or "-"),
        ]
        story = [
            *pdf.letterhead(agency, styles, email=False),
            Paragraph(pdf.text(title), styles["title"]),
        ]
        story += [
            Paragraph(f"<b>{pdf.text(label)}:</b> {pdf.text(value)}", styles["body"])
            for label, value in rows
        ]
        story += [
            Paragraph(pdf.text(_("Outcome")), styles["h2"]),
            Paragraph(pdf.text(OUTCOME_TEXTS[hearing.outcome]()), styles["body"]),
        ]
        if hearing.outcome == "agreement":
            story += [
                Paragraph(pdf.text(_("Terms of the agreement")), styles["h2"]),
                Paragraph(pdf.text(hearing.agreement_terms), styles["body"]),
                Paragraph(
                    "<b>"
                    + pdf.text(_("Due date"))
                    + ":</b> "
                    + pdf.text(formats.date_format(hearing.due_date, "SHORT_DATE_FORMAT")),
                    styles["body"],
                ),
                Paragraph(
                    pdf.text(
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
                Paragraph(pdf.text(_("Record of the hearing")), styles["h2"]),
                Paragraph(pdf.text(hearing.minutes), styles["body"]),
            ]
        recorder = hearing.recorded_by
        story += [
            Spacer(1, 8),
            Paragraph(
                pdf.text(
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
