"""Handling of "Was this page useful?" answers posted to a page's ``avaliacao/`` route."""

from django import forms
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from core.http import client_address
from core.ratelimit import hit

from .models.feedback import COMMENT_MAX_LENGTH, PageFeedback

FEEDBACK_SENT_PARAM = "avaliacao"
# Defaults; a deployment may change them in settings.
FEEDBACK_RATE_LIMIT = 5
FEEDBACK_RATE_PERIOD = 600  # seconds


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("sim", _("Yes")), ("nao", _("No"))],
        coerce=lambda value: value == "sim",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose “Yes” or “No”.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        help_text=_(
            "Tell us what was missing or unclear. Do not write personal data: this "
            "form is not a complaint and gets no answer."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
        },
    )
    # A field people never see; bots that fill every input give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))


def handle_feedback(page, request):
    """Store one answer and send the reader back to the page; never a 500.

    GET goes back to the page; too many answers from one address get a 429
    with a message; invalid input re-renders the page with the errors (400)
    and stores nothing.
    """
    if request.method != "POST":
        return HttpResponseRedirect(page.get_url(request))

    limit = getattr(settings, "FEEDBACK_RATE_LIMIT", FEEDBACK_RATE_LIMIT)
    period = getattr(settings, "FEEDBACK_RATE_PERIOD", FEEDBACK_RATE_PERIOD)
    if not hit("page-feedback", client_address(request), limit=limit, period=period):
        response = page.render(
            request,
            context_overrides={
                "feedback_error": _(
                    "You have sent many answers in a short time. Please try again later."
                )
            },
        )
        response.status_code = 429
        return response

    form = FeedbackForm(request.POST)
    if not form.is_valid():
        response = page.render(request, context_overrides={"feedback_form": form})
        response.status_code = 400
        return response

    if not form.cleaned_data["website"]:
        PageFeedback.objects.create(
            page=page,
            useful=form.cleaned_data["useful"],
            comment=form.cleaned_data["comment"].strip(),
        )
    return HttpResponseRedirect(f"{page.get_url(request)}?{FEEDBACK_SENT_PARAM}=1#avaliacao")
