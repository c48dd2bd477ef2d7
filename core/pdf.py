"""The look of the PDFs the agency issues (letters to suppliers, hearing minutes):
A4 with the same margins, one set of paragraph styles and the agency's letterhead.
ReportLab, no browser or external service."""

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate


def styles():
    base = getSampleStyleSheet()
    return {
        "agency": ParagraphStyle("agency", parent=base["Title"], fontSize=14, spaceAfter=2),
        "letterhead": ParagraphStyle(
            "letterhead", parent=base["Normal"], fontSize=8, alignment=1, textColor=colors.grey
        ),
        "title": ParagraphStyle("title", parent=base["Heading1"], fontSize=13, spaceBefore=8),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=11, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=9.5, leading=13),
        "code": ParagraphStyle(
            "code", parent=base["Normal"], fontSize=14, leading=18, fontName="Courier-Bold"
        ),
    }


def text(value):
    """`value` as paragraph markup: escaped, line breaks kept."""
    return escape(str(value or "")).replace("\n", "<br/>")


def document(buffer, *, title, agency=None):
    """An A4 document written to `buffer`, its author the agency."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=agency.name if agency else "Procon",
    )


def letterhead(agency, styles, *, email=True):
    """The agency's name, then its acronym, address, phone (and e-mail) on one
    line, then a rule. `agency`: anything with those attributes, or None."""
    details = (
        (agency.acronym, (agency.address or "").replace("\n", ", "), agency.phone)
        + ((agency.email,) if email else ())
        if agency
        else ()
    )
    return [
        Paragraph(text(agency.name if agency else "Procon"), styles["agency"]),
        Paragraph(" · ".join(text(part) for part in details if part), styles["letterhead"]),
        HRFlowable(width="100%", color=colors.grey, spaceBefore=4, spaceAfter=8),
    ]
