"""Demo suppliers: fictitious companies with valid CNPJs (one alphanumeric), and
the page promoting enrolment, read from content/suppliers.toml.

Idempotent: rows are looked up by CNPJ and created when missing; a supplier
that exists is left as staff and its representatives keep it.
"""

from pathlib import Path

from home.demo import edited_by_person, kept, read_content

from ..models import Supplier

_CONTENT = read_content(Path(__file__).with_name("content") / "suppliers.toml")
ENROLLED_AT = _CONTENT["enrolled_at"]
SUPPLIERS = _CONTENT["supplier"]
# The page promoting enrolment.
INFO_PAGE = _CONTENT["info_page"]


def load(stdout=None):
    """Create the demo suppliers that are missing."""
    existing = {s.cnpj: s for s in Supplier.objects.filter(cnpj__in=[d["cnpj"] for d in SUPPLIERS])}
    created = 0
    for data in SUPPLIERS:
        wanted = {**data, "enrolled_at": ENROLLED_AT if data["enrolled"] else None}
        supplier = existing.get(data["cnpj"])
        if supplier is None:
            Supplier(**wanted).save()
            created += 1
    if stdout and created:
        stdout.write(f"  suppliers created: {created}")


def load_info_page(stdout=None):
    """The page promoting enrolment, linked to the demo enrolment form (run
    after the forms are loaded)."""
    from wagtail.models import Site

    from forms.models import FormPage

    from ..models import EnrolmentInfoPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    form_page = FormPage.objects.filter(slug=INFO_PAGE["form"]).first()
    values = {
        **{k: v for k, v in INFO_PAGE.items() if k not in {"slug", "form"}},
        "form_page": form_page,
    }
    page = EnrolmentInfoPage.objects.child_of(home).filter(slug=INFO_PAGE["slug"]).first()
    if page is None:
        page = home.add_child(instance=EnrolmentInfoPage(slug=INFO_PAGE["slug"], **values))
        page.save_revision().publish()
        if stdout:
            stdout.write(f"  page created: /{INFO_PAGE['slug']}/")
        return page
    if edited_by_person(page):
        kept(stdout, f"/{INFO_PAGE['slug']}/")
    elif any(getattr(page, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(page, key, value)
        page.save_revision().publish()
    return page
