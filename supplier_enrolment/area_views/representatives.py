"""A manager's page in the supplier area: the representatives of the companies
they manage, inviting another and revoking one (the rules are in `enrolment`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.brazil import only_digits

from .. import enrolment
from ..area_forms import InviteForm
from ..models import Representative, Supplier
from .common import supplier_required


def _managed_suppliers(request):
    """The companies the signed-in representative manages; 404 for anyone else
    (a code session, a representative who is not a manager)."""
    actor = request.supplier
    if actor.by_code:
        raise Http404
    ids = list(enrolment.managed_by(actor.user).values_list("supplier_id", flat=True))
    if not ids:
        raise Http404
    return Supplier.objects.filter(pk__in=ids).by_display_name()


@supplier_required
def representatives(request):
    """The companies' representatives, the invitation form and revocation."""
    suppliers = _managed_suppliers(request)
    form = InviteForm(suppliers, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                invited = enrolment.invite(
                    data["supplier"],
                    request.supplier.user,
                    name=data["name"],
                    email=data["email"],
                    cpf=only_digits(data.get("cpf") or ""),
                    phone=data.get("phone") or "",
                    is_manager=data["is_manager"],
                )
            except ValidationError as error:
                form.add_error("email", error.messages[0])
            else:
                messages.success(
                    request,
                    _("%(name)s was invited: the link to choose a password went to %(email)s.")
                    % {"name": invited.name, "email": invited.email},
                )
                return redirect("supplier_area:representatives")
        status = 400
    people = (
        Representative.objects.filter(supplier__in=suppliers)
        .select_related("supplier")
        .order_by(
            "supplier__legal_name_key",
            "supplier",
            F("revoked_at").desc(nulls_first=True),
            "name",
        )
    )
    context = {
        "actor": request.supplier,
        "form": form,
        "suppliers": suppliers,
        "people": people,
    }
    return TemplateResponse(
        request, "supplier_enrolment/representatives.html", context, status=status
    )


@require_POST
@supplier_required
def revoke_representative(request, pk):
    suppliers = _managed_suppliers(request)
    representative = Representative.objects.filter(pk=pk, supplier__in=suppliers).first()
    if representative is None:
        raise Http404
    try:
        enrolment.revoke(representative, request.supplier.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s no longer represents %(company)s.")
            % {"name": representative.name, "company": representative.supplier.display_name},
        )
    return redirect("supplier_area:representatives")
