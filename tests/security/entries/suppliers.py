"""The supplier area (/fornecedor/), the letters' print queue and the admin
screens of representatives and letters.

Roles: the representative of supplier X (the target's supplier), the
representative of supplier Y (another enrolled supplier) and the holder of a
letter's access code (a session for the letter's one case). Targets: a
complaint forwarded to X (and one of X's cases open to appeal), a complaint
notified by letter to a supplier that has not enrolled, X's representative.

Staff never act in the supplier area (a staff account is not a representative).
The print queue and the letters' admin are for whoever prints
(`admin_permissions.may_print`: case staff). Representatives' admin is for the
model's own permissions, which no staff role has (superusers only); content
editors reach none of it, choosers included (`admin_permissions`).
"""

import datetime

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from forms.models import Submission
from inbox.models import CaseEvent, Hearing
from inbox.statuses import Status
from supplier_enrolment import area
from supplier_enrolment.area_views.signin import SetPasswordView
from supplier_enrolment.enrolment import add_representative
from supplier_enrolment.models import ForwardedCase, Letter, Representative, Supplier

from ..conftest import attach, sent
from ..matrix import (
    PROTECTED_NAMESPACES,
    Entry,
    register,
    register_role,
    register_world,
)

X_CONSUMER = "Sara Fornecida"
APPEAL_CONSUMER = "Dora Decidida"
LETTER_CONSUMER = "Lia Carta"
HEARING_CONSUMER = "Hugo Audiencia"
X_REPRESENTATIVE = "Rui Representante"
X_EMAIL = "rui@fornecedor-x.example"
X_SECOND = "Ana Segunda Representante"
LETTER_ADDRESSEE = "Empresa Zeta Cartas Ltda"  # ASCII: choosers answer in JSON
NEW_PASSWORD = "Nova-senha-do-fornecedor-2026"

SUPPLIER_X = {"supplier_x"}
CODE_HOLDER = {"supplier_code"}
# The print queue's users (`admin_permissions.may_print`); the attendant's role
# "of another case" is the same account, and letters are not assigned.
LETTER_STAFF = {"attendant", "attendant_of_other_case", "supervisor"}

PROTECTED_NAMESPACES.update(
    {
        "supplier_area",
        "supplier_letters",
        "wagtailsnippets_supplier_enrolment_representative",
        "wagtailsnippets_supplier_enrolment_letter",
        "wagtailsnippetchoosers_supplier_enrolment_representative",
        "wagtailsnippetchoosers_supplier_enrolment_letter",
    }
)


def enrolled(cnpj, legal_name, representative, email):
    supplier = Supplier.objects.create(cnpj=cnpj, legal_name=legal_name, enrolled=True)
    return add_representative(supplier, name=representative, email=email, is_manager=True)


def forwarded(submission, supplier, *, status=Status.NOTIFIED_SUPPLIER, by_post=False):
    Submission.objects.filter(pk=submission.pk).update(status=status)
    ForwardedCase.objects.create(case=submission.case, supplier=supplier, by_post=by_post)
    return submission.case


def build(world):
    page = world["page"]
    rep_x = enrolled("48273615000118", "Empresa X", X_REPRESENTATIVE, X_EMAIL)
    rep_y = enrolled("37190426000165", "Empresa Y", "Yara Representante", "yara@y.example")
    not_enrolled = Supplier.objects.create(
        cnpj="59031847000186", legal_name=LETTER_ADDRESSEE, address="Rua das Cartas, 1"
    )
    _draft, for_x = sent(page, X_CONSUMER, "sara@example.com")
    _draft, decided = sent(page, APPEAL_CONSUMER, "dora@example.com")
    _draft, by_letter = sent(page, LETTER_CONSUMER, "lia@example.com")
    world["supplier_case"] = forwarded(for_x, rep_x.supplier)
    world["supplier_appeal_case"] = forwarded(decided, rep_x.supplier, status=Status.DECIDED)
    world["supplier_letter_case"] = forwarded(by_letter, not_enrolled, by_post=True)
    _draft, heard = sent(page, HEARING_CONSUMER, "hugo@example.com")
    world["supplier_hearing_case"] = forwarded(
        heard, rep_x.supplier, status=Status.HEARING_SCHEDULED
    )
    Hearing.objects.create(
        case=world["supplier_hearing_case"],
        scheduled_at=timezone.now() + datetime.timedelta(days=7),
        place="Sala 1",
    )
    world["supplier_attachment"] = attach(for_x, X_CONSUMER)
    world["letter"] = Letter.objects.create(
        case=by_letter.case,
        supplier=not_enrolled,
        addressee=LETTER_ADDRESSEE,
        addressee_cnpj=not_enrolled.cnpj,
        address=not_enrolled.address,
    )
    world["representative_x"] = rep_x
    world["representative_y"] = rep_y
    # A second representative of X, whom X's manager may revoke.
    world["representative_x2"] = add_representative(
        rep_x.supplier, name=X_SECOND, email="ana@fornecedor-x.example"
    )


def signed_in(key):
    def setup(client, world):
        client.force_login(world[key].user)

    return setup


def code_session(client, world):
    session = client.session
    session[area.SESSION_CASE_KEY] = world["letter"].pk
    session.save()


register_world(build)
register_role("supplier_x", signed_in("representative_x"))
register_role("supplier_y", signed_in("representative_y"))
register_role("supplier_code", code_session)


# Targets and what tells that a request got in ------------------------------------


def case_url(name, key="supplier_case", *extra):
    return lambda world, role: reverse(name, args=[world[key].pk, *extra])


def text(value):
    return lambda world, role: value


def protocol(key):
    return lambda world, role: world[key].submission.protocol


def case_state(key):
    def state(world, role):
        case = world[key]
        return (
            Submission.objects.get(pk=case.pk).status,
            CaseEvent.objects.filter(case=case).count(),
            case.submission.attachments.count(),
        )

    return state


def document_url(world, role):
    return reverse(
        "supplier_area:document",
        args=[world["supplier_case"].pk, world["supplier_attachment"].pk],
    )


def set_password_url(world, role):
    """The e-mailed link is the credential: X's representative holds it; others
    forge one."""
    user = type(world["representative_x"].user).objects.get(pk=world["representative_x"].user_id)
    token = default_token_generator.make_token(user) if role == "supplier_x" else "cf-forjado"
    return reverse(
        "supplier_area:set_password", args=[urlsafe_base64_encode(force_bytes(user.pk)), token]
    )


def open_set_password_link(client, world, role):
    """Django's view keeps a working link's token in the session and shows the
    form at the address without it (`set_password_form_url`)."""
    client.get(set_password_url(world, role))


def set_password_form_url(world, role):
    user = world["representative_x"].user
    return reverse(
        "supplier_area:set_password",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), SetPasswordView.reset_url_token],
    )


def password_state(world, role):
    user = world["representative_x"].user
    return type(user).objects.get(pk=user.pk).password


def letter_state(world, role):
    letter = Letter.objects.get(pk=world["letter"].pk)
    return (letter.status, letter.tracking_code, letter.delivered_on, letter.address)


def representatives_of_x(world, role):
    supplier = world["representative_x"].supplier_id
    return list(
        Representative.objects.filter(supplier_id=supplier)
        .order_by("pk")
        .values_list("email", "revoked_at")
    )


def area_post(name, data, key="supplier_case", allowed=SUPPLIER_X, label=""):
    return Entry(
        name,
        case_url(name, key),
        allowed,
        method="post",
        data=data,
        state=case_state(key),
        label=label,
    )


register(
    # The sign-in page shows nothing of any case (a signed-in caller is sent on
    # to their own cases, which are not the target's).
    Entry(
        "supplier_area:login",
        lambda w, r: reverse("supplier_area:login"),
        set(),
        marker=text(X_CONSUMER),
    ),
    Entry(
        "supplier_area:cases",
        lambda w, r: reverse("supplier_area:cases"),
        SUPPLIER_X,
        marker=protocol("supplier_case"),
    ),
    Entry(
        "supplier_area:case", case_url("supplier_area:case"), SUPPLIER_X, marker=text(X_CONSUMER)
    ),
    Entry("supplier_area:document", document_url, SUPPLIER_X, marker=text(X_CONSUMER)),
    area_post("supplier_area:answer", {"resposta-text": "Resposta da empresa"}),
    area_post("supplier_area:refuse", {"recusa-reason": "duplicate"}),
    area_post("supplier_area:extension", {"prazo-days": "5", "prazo-reason": "Motivo"}),
    area_post("supplier_area:reply", {"mensagem-text": "Olá, Procon"}),
    area_post("supplier_area:appeal", {"recurso-text": "Recorro"}, key="supplier_appeal_case"),
    area_post(
        "supplier_area:reschedule",
        {"remarcar-reason": "Nosso preposto viaja."},
        key="supplier_hearing_case",
    ),
    # The letter's access code opens its one case, and nothing else.
    Entry(
        "supplier_area:case",
        case_url("supplier_area:case", "supplier_letter_case"),
        CODE_HOLDER,
        marker=text(LETTER_CONSUMER),
        label="supplier_area:case by access code",
    ),
    area_post(
        "supplier_area:reply",
        {"mensagem-text": "Recebemos a carta"},
        key="supplier_letter_case",
        allowed=CODE_HOLDER,
        label="supplier_area:reply by access code",
    ),
    Entry("supplier_area:set_password", set_password_url, SUPPLIER_X, marker=text(X_EMAIL)),
    # A manager's page: X's representatives, for X's manager only.
    Entry(
        "supplier_area:representatives",
        lambda w, r: reverse("supplier_area:representatives"),
        SUPPLIER_X,
        marker=text(X_SECOND),
    ),
    Entry(
        "supplier_area:representatives",
        lambda w, r: reverse("supplier_area:representatives"),
        SUPPLIER_X,
        method="post",
        data=lambda w, r: {
            "convite-supplier": str(w["representative_x"].supplier_id),
            "convite-name": "Nova Convidada",
            "convite-email": "nova@fornecedor-x.example",
        },
        state=representatives_of_x,
        label="supplier_area:representatives post",
    ),
    Entry(
        "supplier_area:revoke_representative",
        lambda w, r: reverse(
            "supplier_area:revoke_representative", args=[w["representative_x2"].pk]
        ),
        SUPPLIER_X,
        method="post",
        data={},
        state=representatives_of_x,
    ),
    # Asking for a new link: open to all, and the answer never says whose the
    # email is (the link goes to the representative's own mailbox).
    Entry(
        "supplier_area:password_link",
        lambda w, r: reverse("supplier_area:password_link"),
        set(),
        marker=text(X_REPRESENTATIVE),
    ),
    Entry(
        "supplier_area:password_link",
        lambda w, r: reverse("supplier_area:password_link"),
        set(),
        method="post",
        data={"email": X_EMAIL},
        marker=text(X_REPRESENTATIVE),
        label="supplier_area:password_link post",
    ),
    Entry(
        "supplier_area:set_password",
        set_password_form_url,
        SUPPLIER_X,
        method="post",
        before=open_set_password_link,
        data={"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        state=password_state,
        label="supplier_area:set_password post",
    ),
)


# The print queue ---------------------------------------------------------------------


def letter_url(name):
    return lambda world, role: reverse(name, args=[world["letter"].pk])


register(
    Entry(
        "supplier_letters:queue",
        lambda w, r: reverse("supplier_letters:queue"),
        LETTER_STAFF,
        marker=protocol("supplier_letter_case"),
    ),
    Entry(
        "supplier_letters:queue_results",
        lambda w, r: reverse("supplier_letters:queue_results"),
        LETTER_STAFF,
        marker=protocol("supplier_letter_case"),
    ),
    # PDFs: the file's signature tells (its text is compressed).
    Entry(
        "supplier_letters:pdf",
        letter_url("supplier_letters:pdf"),
        LETTER_STAFF,
        marker=text("%PDF"),
    ),
    Entry(
        "supplier_letters:batch",
        lambda w, r: reverse("supplier_letters:batch"),
        LETTER_STAFF,
        method="post",
        data=lambda w, r: {"letter": str(w["letter"].pk)},
        marker=text("%PDF"),
    ),
    Entry(
        "supplier_letters:posted",
        letter_url("supplier_letters:posted"),
        LETTER_STAFF,
        method="post",
        data={"tracking_code": "JT123456789BR"},
        state=letter_state,
    ),
    Entry(
        "supplier_letters:delivered",
        letter_url("supplier_letters:delivered"),
        LETTER_STAFF,
        method="post",
        data=lambda w, r: {
            "delivered_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        },
        state=letter_state,
    ),
)


# Snippets and choosers ---------------------------------------------------------------

SNIPPETS = "wagtailsnippets_supplier_enrolment_{model}:{view}"
CHOOSERS = "wagtailsnippetchoosers_supplier_enrolment_{model}:{view}"
TARGET = {"representative": "representative_x", "letter": "letter"}
MARKER = {"representative": X_REPRESENTATIVE, "letter": LETTER_ADDRESSEE}
# Who may view (and edit) each model in the admin.
VIEWERS = {"representative": {"supervisor"}, "letter": LETTER_STAFF}
ADDERS = {"representative": {"supervisor"}, "letter": set()}


def snippet_url(name, with_pk, query=None):
    def url(world, role):
        model = name.split("_supplier_enrolment_")[1].split(":")[0]
        path = reverse(name, args=[world[TARGET[model]].pk] if with_pk else [])
        if query:
            path += "?" + urlencode(query(world, role))
        return path

    return url


def count(model):
    cls = {"representative": Representative, "letter": Letter}[model]
    return lambda world, role: cls.objects.count()


def representative_state(world, role):
    row = Representative.objects.filter(pk=world["representative_x"].pk).first()
    return row and (row.name, row.email, row.revoked_at)


for model in ("representative", "letter"):
    viewers = VIEWERS[model]
    marker = text(MARKER[model])
    for view in ("list", "list_results"):
        register(
            Entry(
                SNIPPETS.format(model=model, view=view),
                snippet_url(SNIPPETS.format(model=model, view=view), False),
                viewers,
                marker=marker,
            )
        )
    for view in ("inspect", "edit", "history", "history_results", "usage"):
        name = SNIPPETS.format(model=model, view=view)
        # History and usage show the object's title, which for both models names it.
        register(
            Entry(
                name,
                snippet_url(name, True),
                viewers,
                marker=None if view.startswith("history") or view == "usage" else marker,
            )
        )
    # Adding and copying: supervisors, for representatives; deleting: nobody (a
    # representative is revoked, a letter stays as the record of the notice).
    adders = ADDERS[model]
    add = SNIPPETS.format(model=model, view="add")
    register(Entry(add, snippet_url(add, False), adders, marker=None))
    copy = SNIPPETS.format(model=model, view="copy")
    register(Entry(copy, snippet_url(copy, True), adders, marker=marker))
    delete = SNIPPETS.format(model=model, view="delete")
    register(
        Entry(
            delete,
            snippet_url(delete, True),
            set(),
            method="post",
            data={},
            state=count(model),
        )
    )
    for view in ("choose", "choose_results"):
        name = CHOOSERS.format(model=model, view=view)
        register(Entry(name, snippet_url(name, False), viewers, marker=marker))
    chosen = CHOOSERS.format(model=model, view="chosen")
    register(Entry(chosen, snippet_url(chosen, True), viewers, marker=marker))
    multiple = CHOOSERS.format(model=model, view="chosen_multiple")
    register(
        Entry(
            multiple,
            snippet_url(multiple, False, lambda w, r, m=model: {"id": w[TARGET[m]].pk}),
            viewers,
            marker=marker,
        )
    )
    create = CHOOSERS.format(model=model, view="create")
    register(
        Entry(create, snippet_url(create, False), set(), method="post", data={}, state=count(model))
    )

register(
    Entry(
        SNIPPETS.format(model="representative", view="edit"),
        snippet_url(SNIPPETS.format(model="representative", view="edit"), True),
        VIEWERS["representative"],
        method="post",
        data=lambda w, r: {
            "supplier": w["representative_x"].supplier_id,
            "name": "Nome trocado",
            "email": X_EMAIL,
            "revoked": "on",
        },
        state=representative_state,
        label="representative edit post",
    ),
    Entry(
        SNIPPETS.format(model="letter", view="edit"),
        snippet_url(SNIPPETS.format(model="letter", view="edit"), True),
        LETTER_STAFF,
        method="post",
        data={
            "addressee": LETTER_ADDRESSEE,
            "addressee_cnpj": "59031847000186",
            "address": "Outra rua, 2",
        },
        state=letter_state,
        label="letter edit post",
    ),
)
