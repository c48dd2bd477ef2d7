"""LGPD art. 18: everything the Procon holds about one protocol, for its citizen.

`protocol_data` gathers the answers as sent, the events the citizen may see and
the list of files with who sent each (you, the company, the Procon) and when;
`as_json` and `as_pdf` render it. Internal notes, staff names and the supplier's
own conversation are not the citizen's data about this protocol and stay out.
"""

import io
import json
from xml.sax.saxutils import escape

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inbox.files import case_files, for_citizen
from inbox.models import CaseEvent

from .texts import citizen_status_label, event_title, sender_label


def _events(case):
    return list(CaseEvent.objects.for_citizen().filter(case=case).order_by("created_at", "pk"))


def protocol_data(submission):
    case = submission.case
    return {
        "protocol": submission.protocol,
        "kind": submission.get_kind_display(),
        "form": submission.page.title if submission.page_id else "",
        "sent_at": timezone.localtime(submission.submit_time).isoformat(),
        "status": citizen_status_label(submission.status),
        "deadline": case.deadline.isoformat() if case.deadline else None,
        "evaluation_score": case.evaluation_score,
        "personal_data": {
            "name": submission.consumer_name,
            "cpf": submission.consumer_cpf,
            "email": submission.consumer_email,
            "municipality_ibge_code": submission.consumer_municipality,
        },
        "supplier": {"name": submission.supplier_name, "cnpj": submission.supplier_cnpj},
        "answers": [
            {
                "step": str(title),
                "fields": [{"question": str(q), "answer": str(a)} for q, a in rows],
            }
            for title, rows in submission.answer_rows()
        ],
        "events": [
            {
                "time": timezone.localtime(event.created_at).isoformat(),
                "title": str(event_title(event, submission.kind)),
                "status": citizen_status_label(event.to_status) if event.to_status else "",
                "text": event.reason or event.body,
                "score": event.data.get("score"),
            }
            for event in _events(case)
        ],
        "files": [
            {
                "name": item.attachment.original_name,
                "sent_by": str(sender_label(item.party)),
                "sent_at": timezone.localtime(item.sent_at).isoformat(),
                "content_type": item.attachment.content_type,
                "size_bytes": item.attachment.size,
                "sha256": item.attachment.sha256,
                "received_at": timezone.localtime(item.attachment.created_at).isoformat(),
            }
            for item in case_files(case, shown=for_citizen)
        ],
        "generated_at": timezone.localtime().isoformat(),
    }


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _when(iso):
    return date_format(timezone.datetime.fromisoformat(iso), "SHORT_DATETIME_FORMAT")


def as_pdf(data):
    """A plain A4 document with the same content as the JSON."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]

    def para(text, style=body):
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)

    def line(label, value):
        return Paragraph(
            f"<b>{escape(str(label))}:</b> {escape(str(value or '-'))}".replace("\n", "<br/>"),
            body,
        )

    story = [
        para(_("Data of protocol %(protocol)s") % {"protocol": data["protocol"]}, h1),
        line(_("Kind"), data["kind"]),
        line(_("Form"), data["form"]),
        line(_("Sent at"), _when(data["sent_at"])),
        line(_("Status"), data["status"]),
    ]
    if data["deadline"]:
        story.append(line(_("Deadline"), data["deadline"]))
    if data["evaluation_score"]:
        story.append(line(_("Your score"), f"{data['evaluation_score']}/5"))
    person = data["personal_data"]
    story += [
        para(_("Personal data"), h2),
        line(_("Name"), person["name"]),
        line(_("CPF"), person["cpf"]),
        line(_("E-mail"), person["email"]),
        line(_("Municipality (IBGE code)"), person["municipality_ibge_code"]),
        para(_("Your answers"), h2),
    ]
    for step in data["answers"]:
        story.append(para(step["step"], styles["Heading3"]))
        story += [line(item["question"], item["answer"]) for item in step["fields"]]
    story.append(para(_("History"), h2))
    for event in data["events"]:
        heading = f"{_when(event['time'])} - {event['title']}"
        story.append(para(heading, styles["Heading4"]))
        if event["text"]:
            story.append(para(event["text"]))
        if event["score"]:
            story.append(line(_("Score"), f"{event['score']}/5"))
    story.append(para(_("Files"), h2))
    if not data["files"]:
        story.append(para(_("No files.")))
    for item in data["files"]:
        story.append(
            line(
                item["name"],
                _("sender: %(sender)s; sent on %(date)s")
                % {"sender": item["sent_by"], "date": _when(item["sent_at"])}
                + f"; {item['content_type']}, {item['size_bytes']} bytes, SHA-256 {item['sha256']}",
            )
        )
    story += [
        Spacer(1, 0.5 * cm),
        para(_("Generated at %(time)s.") % {"time": _when(data["generated_at"])}),
    ]

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Data of protocol %(protocol)s") % {"protocol": data["protocol"]},
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    document.build(story)
    return buffer.getvalue()
