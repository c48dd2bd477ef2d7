"""The yearly register of well-founded complaints (CDC art. 44) as CSV and PDF."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from core.brazil import format_cnpj

from .indicators import register_rows


def register_table(year):
    """Header and rows (rank, CNPJ, name, attended, not attended, total) of `year`."""
    header = [
        _("Rank"),
        _("CNPJ"),
        _("Supplier"),
        _("Well-founded, attended"),
        _("Well-founded, not attended"),
        _("Well-founded, total"),
    ]
    rows = [
        [
            rank,
            format_cnpj(row["supplier_cnpj"]),
            row["name"],
            row["attended"],
            row["not_attended"],
            row["founded"],
        ]
        for rank, row in enumerate(register_rows(year), start=1)
    ]
    return header, rows


def register_csv(year):
    header, rows = register_table(year)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def register_pdf(year, agency_name=""):
    """A4 PDF of the register, with a repeated header row on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    header, rows = register_table(year)
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    title = _("Register of well-founded complaints %(year)s") % {"year": year}
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=agency_name,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story = [
        Paragraph(title, styles["Title"]),
        Paragraph(
            _(
                "Consumer Protection Code (Law 8.078/1990), art. 44. Complaints closed in "
                "%(year)s and classified as well-founded by %(agency)s. Generated on %(date)s."
            )
            % {
                "year": year,
                "agency": agency_name or "Procon",
                "date": timezone.localdate().strftime("%d/%m/%Y"),
            },
            styles["BodyText"],
        ),
        Spacer(1, 6 * mm),
    ]
    if rows:
        data = [[Paragraph(f"<b>{text}</b>", cell) for text in header]] + [
            [
                Paragraph(str(value).replace("&", "&amp;").replace("<", "&lt;"), cell)
                for value in row
            ]
            for row in rows
        ]
        table = Table(
            data,
            repeatRows=1,
            colWidths=[12 * mm, 34 * mm, 64 * mm, 22 * mm, 22 * mm, 22 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph(_("No well-founded complaint was closed this year."), cell))
    document.build(story)
    return buffer.getvalue()
