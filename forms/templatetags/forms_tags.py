from django import template

register = template.Library()


@register.filter
def bound_field(form, key):
    return form[key]


@register.filter
def error_parts(bound_field):
    """(message, id of the input it is about or "") for each error of a field.
    Fields made of several inputs (the address) say which input an error is
    about; for the others the id is "", and the template links to the field."""
    parts = getattr(bound_field.field, "error_input_ids", None)
    ids = parts(bound_field) if parts else [""] * len(bound_field.errors)
    return list(zip(bound_field.errors, ids, strict=False))


@register.simple_tag
def address_parts(bound_field):
    """The parts of an address field to render (see `AddressField.parts`)."""
    return bound_field.field.parts(bound_field)


@register.simple_tag(takes_context=True)
def form_privacy_notice(context, page):
    """The privacy notice a form links to: its own, or the site's (FormPage.privacy_notice)."""
    if not hasattr(page, "privacy_notice"):
        return None
    return page.privacy_notice(page.agency_settings(context.get("request")))
