"""FormPage (editor-defined multi-step form), Draft, Submission and the protocol counter."""

import uuid
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core import signing
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.forms.models import AbstractFormSubmission, FormMixin
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home import i18n
from home.links import absolute_url
from home.routing import RoutedPageMixin

from . import approval, engine
from .admin_forms import FormPageAdminForm, ReadinessPanel
from .blocks import StepBlock, display_answer
from .documents import DocumentKind, kind_label, shared_by_default
from .engine import FormDefinition
from .protocol import ProtocolNumber
from .reference import Municipality  # noqa: F401  (registers the model)


class FormKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    CONSULTATION = "consultation", _("Consultation")
    ENROLMENT = "enrolment", _("Supplier enrolment")
    GENERIC = "generic", _("Generic")


def draft_lifetime():
    return timedelta(days=settings.FORMS_DRAFT_LIFETIME_DAYS)


DRAFT_SALT = "procon.forms.draft"
RESUME_SALT = "procon.forms.resume"


class FormPage(RoutedPageMixin, RoutablePageMixin, FormMixin, Page):
    """A multi-step form that editors define in the admin.

    Built on Wagtail's form builder hooks (`get_submission_class`,
    `get_data_fields`, the Forms menu) with steps, conditions, drafts and
    protocol numbers of our own. Routes: `etapa/<n>/`, `revisar/`, `enviado/`,
    `continuar/`, `salvar/` (`forms/page_urls.py`, views in `forms/views.py`).
    """

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=FormKind.choices,
        default=FormKind.GENERIC,
        help_text=_("Decides how submissions are handled in the inbox."),
    )
    intro = RichTextField(_("introduction"), blank=True)
    before_you_start = RichTextField(
        _("before you start"),
        blank=True,
        help_text=_("What to have at hand (documents, receipts...)."),
    )
    steps = StreamField([("step", StepBlock())], verbose_name=_("steps"), min_num=1)
    declaration = models.TextField(
        _("declaration"),
        blank=True,
        help_text=_("Shown on the review page with a checkbox the citizen must tick to send."),
    )
    submit_button_text = models.CharField(_("submit button text"), max_length=60, default="Enviar")
    expected_time = models.CharField(
        _("expected time"),
        max_length=200,
        blank=True,
        help_text=_('Shown on the confirmation page, e.g. "Resposta em até 10 dias."'),
    )
    next_steps = RichTextField(
        _("what happens next"), blank=True, help_text=_("Shown on the confirmation page.")
    )

    # Per-form settings: who answers questions, the privacy notice, who is told.
    contact = models.TextField(
        _("contact for questions"),
        blank=True,
        max_length=500,
        help_text=_(
            "How citizens reach the team that looks after this form (phone, e-mail, hours). "
            "Shown on every step. Empty: the agency's phone and e-mail."
        ),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the privacy notice named in the site's agency settings."),
    )
    notify_emails = models.TextField(
        _("e-mail addresses told of new submissions"),
        blank=True,
        help_text=_(
            "One address per line. They get the protocol and the kind of form only; the "
            "answers stay behind the staff sign-in."
        ),
    )
    notify_groups = ParentalManyToManyField(
        "auth.Group",
        verbose_name=_("groups told of new submissions"),
        blank=True,
        related_name="+",
        help_text=_("Every active member with an e-mail address is told."),
    )

    base_form_class = FormPageAdminForm
    content_panels = Page.content_panels + [
        ReadinessPanel(heading=_("Ready to go live?")),
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("before_you_start"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldPanel("declaration"),
                FieldPanel("submit_button_text"),
                FieldPanel("expected_time"),
                FieldPanel("next_steps"),
            ],
            heading=_("Review and confirmation"),
        ),
    ]
    form_settings_panels = [
        ReadinessPanel(heading=_("Ready to go live?")),
        FieldPanel("contact"),
        PageChooserPanel("privacy_page", "home.PrivacyNoticePage"),
        MultiFieldPanel(
            [FieldPanel("notify_emails"), FieldPanel("notify_groups")],
            heading=_("Who is told of new submissions"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(form_settings_panels, heading=_("Form settings")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("intro")]

    # What a translation (wagtail-localize) changes: the texts. Who is told of new
    # submissions stays the Portuguese form's (a translation files under it).
    translatable_fields = [
        TranslatableField(name)
        for name in (
            "title",
            "slug",
            "seo_title",
            "search_description",
            "intro",
            "before_you_start",
            "steps",
            "declaration",
            "submit_button_text",
            "expected_time",
            "next_steps",
            "contact",
        )
    ] + [
        SynchronizedField(name)
        for name in ("show_in_menus", "kind", "privacy_page", "notify_emails")
    ]

    template = "forms/form_page.html"
    landing_page_template = "forms/form_confirmation.html"
    preview_modes = [("", _("Start page")), ("steps", _("All steps"))]

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    # The citizen's routes: a URL module, as Django's ROOT_URLCONF is named, so the
    # model does not import its views.
    subpage_urlconf = "forms.page_urls"

    @classmethod
    def get_subpage_urls(cls):
        return tuple(import_module(cls.subpage_urlconf).urlpatterns)

    @cached_property
    def definition(self) -> FormDefinition:
        """The form's steps and fields. A translation reads as its Portuguese
        form with its own texts (forms/blocks/translation.py)."""
        source = self.source_form()
        if source is None:
            return FormDefinition.for_stream(self.steps)
        return FormDefinition.for_stream(source.steps, texts=self.steps)

    @cached_property
    def record_page(self):
        """The page a submission of this form is filed under: the Portuguese
        form for a translation (its kind, recipients and workflow), else itself."""
        return self.source_form() or self

    def form_in_language(self, code):
        """The page a reader of `code` fills this form on: its live translation,
        or the Portuguese form (read under the language's prefix); None for a
        language the site does not have."""
        if code not in dict(settings.LANGUAGES):
            return None
        record = self.record_page
        if code == settings.LANGUAGE_CODE:
            return record
        locale_pk = i18n.locale_id(code)
        translated = (
            FormPage.objects.live().filter(
                translation_key=record.translation_key, locale_id=locale_pk
            )
        ).first()
        return translated or record

    def language_switch_url(self, request, code):
        """For the language switcher: the address that takes the citizen, and
        their answers, to this form in `code`, where they are in it."""
        here = self.get_url(request)
        rest = request.path[len(here) :] if here and request.path.startswith(here) else ""
        place = ""
        if rest.startswith("etapa/"):
            place = "etapa-" + rest[len("etapa/") :].strip("/")
        elif rest.startswith("revisar/"):
            place = "revisar"
        url = here + self.reverse_subpage("form_language", args=[code])
        return f"{url}?ir={place}" if place else url

    def source_form(self):
        """The form in the site's language this page translates, or None when
        it is in that language itself (or its source is gone)."""
        default = i18n.locale_id(settings.LANGUAGE_CODE)
        if self.locale_id == default:
            return None
        return FormPage.objects.filter(
            translation_key=self.translation_key, locale_id=default
        ).first()

    # --- draft handling ---------------------------------------------------------
    def draft_cookie_name(self):
        return f"procon_rascunho_{self.pk}"

    def draft_id_from_cookie(self, request):
        """The draft id in this page's signed cookie, or None (absent or forged)."""
        signed = request.COOKIES.get(self.draft_cookie_name())
        if not signed:
            return None
        try:
            return signing.TimestampSigner(salt=DRAFT_SALT).unsign(signed)
        except signing.BadSignature:
            return None

    def current_draft(self, request):
        draft_id = self.draft_id_from_cookie(request)
        if draft_id is None:
            return None
        draft = Draft.objects.filter(pk=draft_id, page=self).first()
        if draft is None or draft.is_expired:
            return None
        draft.page = self  # already at hand: no query when the submit reads it
        return draft

    def remember_draft(self, response, draft):
        response.set_cookie(
            self.draft_cookie_name(),
            signing.TimestampSigner(salt=DRAFT_SALT).sign(str(draft.pk)),
            max_age=int((draft.expires_at - draft.created_at).total_seconds()),
            path=self.url or "/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def step_url(self, step):
        return self.url + self.reverse_subpage("form_step", args=[step.number])

    def review_url(self):
        return self.url + self.reverse_subpage("form_review")

    def resume_url(self, draft):
        """Where a continue-later link leads: the step the citizen saved from (the
        step view sends them further back if an earlier step is missing), or
        the first step still to answer."""
        if draft and draft.resume_step and draft.resume_step <= len(self.definition.steps):
            return self.step_url(self.definition.steps[draft.resume_step - 1])
        return self.first_pending_url(draft)

    def resume_link(self, draft, request=None):
        """Absolute address that reopens `draft` on any device, until it expires."""
        token = signing.TimestampSigner(salt=RESUME_SALT).sign(str(draft.pk))
        # In the query string: Wagtail's page URLs allow only [\w-] in path
        # segments, and signed values contain ":".
        path = self.url + self.reverse_subpage("form_resume") + "?" + urlencode({"t": token})
        if request is not None:
            return request.build_absolute_uri(path)
        if path.startswith("/"):  # from a scheduled job: the site's own address
            return absolute_url(path)
        return path

    def first_pending_url(self, draft):
        """Where a citizen resumes: the first visible step not yet answered, or review."""
        states, _tokens = engine.progress(self.definition, draft.steps if draft else {})
        for state in states:
            if state.visible and not state.complete:
                return self.step_url(state.step)
        return self.review_url()

    def base_context(self, request, **extra):
        context = self.get_context(request)
        context.update(extra)
        return context

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.base_context(
            request,
            form_submission=form_submission,
            access_code=kwargs.get("access_code"),
            tracking_url=(
                f"{settings.TRACKING_PATH}?{urlencode({'protocolo': form_submission.protocol})}"
                if settings.TRACKING_PATH and form_submission is not None
                else settings.TRACKING_PATH
            ),
        )
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    # --- preview for editors ---------------------------------------------------------
    def serve_preview(self, request, mode_name):
        if mode_name == "steps":
            context = self.base_context(
                request,
                previews=[
                    (step, engine.StepForm(step, {}, context=self.form_context(request)))
                    for step in self.definition.steps
                ],
            )
            return TemplateResponse(request, "forms/form_preview_steps.html", context)
        # The start page: the index route, resolved as a visit would be.
        view, args, kwargs = self.resolve_subpage("/")
        return view(request, *args, **kwargs)

    def get_preview_context(self, request, mode_name):
        return self.get_context(request)

    # Wagtail form builder hooks -------------------------------------------------
    def get_form_fields(self):
        return []  # fields live in `steps`, not in an inline panel

    # Per-form settings, read ---------------------------------------------------
    def notification_recipients(self):
        """Addresses told of a new submission: the form's own list and groups;
        when the form names none, FORMS_STAFF_NOTIFICATION_EMAILS."""
        from django.contrib.auth import get_user_model

        addresses = [line.strip() for line in self.notify_emails.splitlines() if line.strip()]
        groups = self.notify_groups.all()
        if not isinstance(groups, models.QuerySet):  # a page being edited (modelcluster)
            groups = [group.pk for group in groups]
        if not isinstance(groups, list) or groups:
            # One query: the groups are a subquery of the members'.
            addresses += (
                get_user_model()
                .objects.filter(groups__in=groups, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
                .distinct()
            )
        if not addresses:
            addresses = list(settings.FORMS_STAFF_NOTIFICATION_EMAILS)
        return list(dict.fromkeys(address.lower() for address in addresses))

    def privacy_notice(self, agency=None):
        """The privacy notice the form links to: its own, or the site's."""
        if self.privacy_page_id:
            page = self.privacy_page
            if page is not None and page.live:
                return page
        return agency.privacy_page if agency is not None else None

    def readiness(self, agency=None):
        from .readiness import check

        return check(
            kind=self.kind,
            steps_value=self.steps,
            declaration=self.declaration,
            contact=self.contact,
            privacy_page=self.privacy_page if self.privacy_page_id else None,
            site_privacy_page=agency.privacy_page if agency is not None else None,
            recipients=self.notification_recipients(),
            next_steps=self.next_steps,
            expected_time=self.expected_time,
        )

    def get_data_fields(self):
        return [("submit_time", _("Submission date")), ("protocol", _("Protocol"))] + [
            (key, spec.label) for key, spec in self.definition.fields.items()
        ]

    def get_submission_class(self):
        return Submission

    # Review before going live (forms/approval.py) -------------------------------
    def get_workflow(self):
        return approval.form_workflow() or super().get_workflow()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def permissions_for_user(self, user):
        return approval.FormPagePermissionTester(user, self)

    def form_context(self, request=None):
        """What field blocks need from the site (e.g. the state for municipalities)
        and the citizen signed in with gov.br, whose name, CPF and e-mail the
        steps fill in."""
        from identity import citizen

        return {
            "state": self.agency_state(request),
            "page": self,
            "citizen": citizen.current(request) if request is not None else None,
        }

    def agency_state(self, request=None):
        """The state (UF) in the agency settings of this page's site."""
        from .reference import DEFAULT_STATE

        agency = self.agency_settings(request)
        return agency.state if agency is not None else DEFAULT_STATE

    def agency_settings(self, request=None):
        """The AgencySettings of this page's site (None outside any site), as kept
        between requests (``AgencySettings.for_site_id``)."""
        from home.models import AgencySettings

        url_parts = self.get_url_parts(request)
        site_id = url_parts[0] if url_parts else None
        if site_id is None:
            return None
        return AgencySettings.for_site_id(site_id)


class Draft(models.Model):
    """A citizen's progress through a FormPage, kept in the database.

    Holds the raw input of each completed step (what was typed, so going back
    shows it exactly) and the cleaned answers used for conditions, plus any
    step saved for later unchecked. Addressed by a signed id in a cookie or a
    continue-later link; expires.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    page = models.ForeignKey(FormPage, on_delete=models.CASCADE, related_name="drafts")
    steps = models.JSONField(default=dict)  # str(step index) -> {"raw": {...}, "answers": {...}}
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)
    submission = models.OneToOneField(
        "Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )
    # Shown on the confirmation page only; cleared with the draft soon after submit.
    access_code = models.CharField(max_length=20, blank=True)
    # "Save and continue later": what was on a step when the citizen left it,
    # kept without checking (str(step index) -> raw input), until the step is
    # posted properly; the step the e-mailed link reopens; the address the link
    # went to (for the one reminder before the draft expires). The address is
    # erased on submit; everything goes with the draft when it expires.
    later_steps = models.JSONField(default=dict, blank=True)
    resume_step = models.PositiveSmallIntegerField(null=True, blank=True)
    email = models.EmailField(blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self):
        return f"{self.page_id}:{self.pk}"

    def save(self, *args, **kwargs):
        if not self.expires_at:
            self.expires_at = timezone.now() + draft_lifetime()
        super().save(*args, **kwargs)

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()


class ProtocolCounter(models.Model):
    """Last protocol sequence used in a year (see forms.protocol.next_number)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("protocol counter")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Answers(dict):
    """A submission's answers by key; a missing key reads as blank."""

    def get(self, key, default=""):
        return super().get(key, default)


class Submission(AbstractFormSubmission):
    """A sent form: answers, the form's definition as it was, and indexed role values.

    `form_data` holds answers by field key; `schema` the field definitions at the
    time of sending, so later edits to the form never garble this record.
    """

    protocol = models.CharField(_("protocol"), max_length=20, unique=True)
    # What the outbox owes or sent about it (erased with it).
    emails = GenericRelation("core.OutboundEmail")
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=FormKind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=40, default="received", db_index=True)
    schema = models.JSONField(default=dict)
    access_code_hash = models.CharField(max_length=128)

    consumer_name = models.CharField(_("consumer"), max_length=255, blank=True, db_index=True)
    consumer_cpf = models.CharField(_("CPF"), max_length=11, blank=True, db_index=True)
    consumer_email = models.EmailField(_("email"), blank=True, db_index=True)
    consumer_municipality = models.CharField(
        _("municipality (IBGE code)"), max_length=7, blank=True, db_index=True
    )
    # The consumer's postal address on one line, for staff and exports (personal).
    # Nullable only so that adding it is a plain ADD COLUMN on SQLite too: a NOT
    # NULL column makes SQLite rebuild the table, losing the indexes other apps'
    # migrations made in SQL. Empty ("" or NULL) means no address.
    consumer_address = models.TextField(_("postal address"), blank=True, null=True)  # noqa: DJ001
    supplier_name = models.CharField(_("supplier"), max_length=255, blank=True, db_index=True)
    supplier_cnpj = models.CharField(_("supplier CNPJ"), max_length=14, blank=True, db_index=True)
    # The language the citizen filed in: their receipt and updates are written in it.
    # Staff read every submission in Portuguese (the schema is the Portuguese form's).
    # Empty (NULL) means Portuguese: nullable for a plain ADD COLUMN on SQLite
    # (see consumer_address). Read it through `reply_language`.
    language = models.CharField(  # noqa: DJ001
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, null=True
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submit_time"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="unique_protocol_sequence")
        ]
        indexes = [models.Index(fields=["page", "-submit_time"])]

    def __str__(self):
        return self.protocol

    @property
    def reply_language(self):
        """The language of what the citizen is sent about this submission."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def protocol_number(self):
        return ProtocolNumber(self.year, self.sequence)

    def definitions(self):
        for step in self.schema.get("steps", []):
            yield from step["fields"]

    def answer_rows(self, language=None):
        """(step title, [(label, text)]) from the snapshot, for staff and the citizen.

        `language`: the reader's, when not Portuguese: questions, options and
        step titles read as the form's translation into it has them, where it
        has them (the answers themselves are the same in every language)."""
        translated = self._translated_fields(language)
        rows = []
        for step in self.schema.get("steps", []):
            items = []
            title = step["title"]
            for definition in step["fields"]:
                key = definition["key"]
                if key not in self.form_data or definition["type"] == "hidden":
                    continue
                found = translated.get(key)
                if found is None:
                    items.append(
                        (definition["label"], display_answer(definition, self.form_data[key]))
                    )
                    continue
                spec, title = found
                items.append((spec.label, spec.display(self.form_data[key])))
            if items:
                rows.append((title, items))
        return rows

    def _translated_fields(self, language):
        """{key: (the field as the form's live translation into `language` reads
        it, its step's title)}; {} for Portuguese or no translation."""
        if not language or language == settings.LANGUAGE_CODE or not self.page_id:
            return {}
        locale_pk = i18n.locale_id(language)
        translation = (
            FormPage.objects.live()
            .filter(translation_key=self.page.translation_key, locale_id=locale_pk)
            .first()
            if locale_pk
            else None
        )
        if translation is None:
            return {}
        definition = translation.definition
        return {
            key: (spec, definition.steps[spec.step_index].title)
            for key, spec in definition.fields.items()
        }

    def get_data(self):
        """Readable answers for Wagtail's submissions list and its CSV export.

        A field the citizen did not answer (hidden by a condition, optional, or
        added to the form later) reads blank there, never "None"."""
        data = Answers(submit_time=self.submit_time, protocol=self.protocol)
        for definition in self.definitions():
            if definition["key"] in self.form_data:
                data[definition["key"]] = display_answer(
                    definition, self.form_data[definition["key"]]
                )
        return data


class Attachment(models.Model):
    """A file a citizen sent with a form, kept in private storage.

    Belongs to a Draft while the form is being filled and moves to the
    Submission on submit. The stored file has a random name; the name the
    citizen gave is kept (sanitised) only for display and download.

    `kind` is what the file is (chosen by the citizen, or fixed by the form's
    field; empty only on a draft while the citizen has not said it yet);
    `shared_with_supplier` whether the supplier of the case may see it,
    set from the kind and changed by staff afterwards (`inbox.files.set_sharing`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(
        Draft, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    field_key = models.CharField(_("field"), max_length=50)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)
    # The defaults are `create_for`'s: a file of no particular kind, shared.
    kind = models.CharField(
        _("kind of document"),
        max_length=20,
        choices=DocumentKind.choices,
        blank=True,
        default=DocumentKind.OTHER,
    )
    shared_with_supplier = models.BooleanField(_("shared with the supplier"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "original_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(draft__isnull=False, submission__isnull=False),
                name="attachment_draft_or_submission",
            )
        ]

    def __str__(self):
        return self.original_name

    @classmethod
    def create_for(cls, checked, storage_name, kind=DocumentKind.OTHER, shared=None, **owner):
        """The row of a checked upload (`core.uploads.CheckedUpload`) stored under
        `storage_name`; `owner`: its draft or submission, and field key. `kind`: a
        DocumentKind ("" while the citizen has not said it); `shared`: whether the
        supplier receives it, by default as the kind says."""
        return cls.objects.create(
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            storage_name=storage_name,
            kind=kind,
            shared_with_supplier=shared_by_default(kind) if shared is None else shared,
            **owner,
        )

    def set_kind(self, kind):
        """Say what the file is (on a draft): its sharing follows the kind."""
        self.kind = kind
        self.shared_with_supplier = shared_by_default(kind)

    @property
    def kind_label(self):
        return kind_label(self.kind)

    def descriptor(self) -> dict:
        """What a step's answers keep of this file (JSON)."""
        return {
            "id": str(self.pk),
            "name": self.original_name,
            "size": self.size,
            "content_type": self.content_type,
            "kind": self.kind,
        }


class AttachmentAccess(models.Model):
    """Audit log: every download of an attachment, and every refused attempt."""

    class Action(models.TextChoices):
        DOWNLOAD = "download", _("download")
        DENIED = "denied", _("denied")

    attachment = models.ForeignKey(
        Attachment, null=True, on_delete=models.SET_NULL, related_name="accesses"
    )
    # Kept when the attachment itself is deleted (retention), so the log still reads.
    attachment_ref = models.CharField(_("attachment"), max_length=36, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    via = models.CharField(_("access by"), max_length=40)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("attachment access")
        verbose_name_plural = _("attachment accesses")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.via} {self.action} {self.attachment_ref}"
