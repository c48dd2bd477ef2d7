"""Staff tools for data-subject requests: find, export, anonymise (supervisors only).

Every step is a POST, so a CPF or an email never lands in a URL, a proxy's log
or the browser history; every step is written to the audit log, with the kind
of identifier used and never its value.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.http import client_address
from inbox import audit, permissions

from . import subjects

SEARCH = "procon.subject_search"
EXPORT = "procon.subject_export"


class IdentityForm(forms.Form):
    cpf = forms.CharField(label=gettext_lazy("CPF"), max_length=20, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not subjects.Identity(data.get("cpf"), data.get("email")):
            raise forms.ValidationError(gettext_lazy("Give a CPF, an email or both."))
        return data

    def identity(self):
        return subjects.Identity(self.cleaned_data.get("cpf"), self.cleaned_data.get("email"))


class ConfirmForm(IdentityForm):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm that the request was checked and that this person's data must be "
            "anonymised. This cannot be undone."
        ),
    )


def supervisor_only(request):
    if not permissions.is_supervisor(request.user):
        raise PermissionDenied


@never_cache
@require_http_methods(["GET", "POST"])
def search(request):
    supervisor_only(request)
    form = IdentityForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        identity = form.identity()
        found = list(subjects.find(identity))
        drafts = subjects.unsent_drafts(identity)
        audit.log(request, SEARCH, detail=f"{identity.describe()}; {len(found)} found")
        context.update(
            searched=True,
            submissions=found,
            drafts=drafts,
            confirm_form=ConfirmForm(initial=form.cleaned_data),
        )
    return TemplateResponse(request, "privacy/subject_search.html", context)


@never_cache
@require_POST
def export(request):
    supervisor_only(request)
    form = IdentityForm(request.POST)
    if not form.is_valid():
        return redirect("privacy:search")
    identity = form.identity()
    data = subjects.export(identity)
    audit.log(
        request, EXPORT, detail=f"{identity.describe()}; {len(data['submissions'])} submissions"
    )
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"dados-pessoais-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_POST
def anonymise(request):
    supervisor_only(request)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        identity = subjects.Identity(request.POST.get("cpf"), request.POST.get("email"))
        return TemplateResponse(
            request,
            "privacy/subject_search.html",
            {
                "form": IdentityForm(initial={"cpf": identity.cpf, "email": identity.email}),
                "searched": True,
                "submissions": list(subjects.find(identity)),
                "drafts": subjects.unsent_drafts(identity),
                "confirm_form": form,
            },
            status=400,
        )
    done = subjects.anonymise_person(
        form.identity(), actor=request.user, ip_address=client_address(request) or None
    )
    messages.success(
        request,
        _("Anonymised %(count)s submission(s): %(protocols)s")
        % {"count": len(done), "protocols": ", ".join(done) or "-"},
    )
    return redirect("privacy:search")
