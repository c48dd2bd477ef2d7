"""The API for apps: a draft started through it answers to the app whose key
started it, never to a browser session (citizen's cookie or staff login).
Another app's key is refused in tests/api/test_filing.py."""

from api.models import ApiClient, ApiDraft
from forms.models import Attachment, Submission

from ..matrix import Entry, register, register_world


def build(world):
    app = ApiClient(name="App do estado")
    app.new_key()
    app.save()
    ApiDraft.objects.create(draft=world["citizen_a_draft"], client=app)


register_world(build)


def draft_route(path=""):
    return lambda world, role: f"/api/v1/rascunhos/{world['citizen_a_draft'].pk}/{path}".rstrip("/")


def draft_steps(world, role):
    world["citizen_a_draft"].refresh_from_db()
    return world["citizen_a_draft"].steps


def draft_files(world, role):
    return sorted(
        str(pk)
        for pk in Attachment.objects.filter(draft=world["citizen_a_draft"]).values_list(
            "pk", flat=True
        )
    )


def a_draft_file(world, role):
    first = Attachment.objects.filter(draft=world["citizen_a_draft"]).first()
    return draft_route(f"anexos/{first.pk if first else 'nenhum'}")(world, role)


register(
    Entry("api-v1:read_draft", draft_route(), set()),
    Entry("api-v1:review", draft_route("revisao"), set()),
    Entry(
        "api-v1:answer_step",
        draft_route("etapas/1"),
        set(),
        method="put",
        data={"respostas": {"nome": "Outra pessoa"}},
        state=draft_steps,
    ),
    Entry(
        "api-v1:attach",
        draft_route("anexos"),
        set(),
        method="post",
        data={"campo": "documento"},
        state=draft_files,
    ),
    Entry("api-v1:detach", a_draft_file, set(), method="delete", state=draft_files),
    Entry(
        "api-v1:send",
        draft_route("envio"),
        set(),
        method="post",
        state=lambda world, role: Submission.objects.count(),
    ),
)


# Tracking: the case opens with the app's key and the access code; a browser
# session that proved the protocol on the tracking pages holds no key.
def case_route(suffix=""):
    return lambda world, role: f"/api/v1/casos/{world['case_a'].submission.protocol}{suffix}"


def case_events(world, role):
    return world["case_a"].events.count()


register(
    Entry("api-v1:my_cases", lambda world, role: "/api/v1/casos", set()),
    Entry("api-v1:case", case_route(), set()),
    *(
        Entry(
            f"api-v1:{name}",
            case_route(suffix),
            set(),
            method="post",
            data={"texto": "Outra pessoa escreve", "motivo": "Outra pessoa"},
            state=case_events,
        )
        for name, suffix in [
            ("reply", "/mensagens"),
            ("complement", "/complemento"),
            ("evaluate", "/avaliacao"),
            ("withdraw", "/desistencia"),
            ("reschedule", "/audiencia/nova-data"),
            ("agreement", "/acordo"),
        ]
    ),
)
