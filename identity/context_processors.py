from . import citizen


def signed_in(request):
    """`citizen` (or None) and whether sign-in is offered, for every template."""
    return {"citizen": citizen.current(request), "citizen_sign_in": citizen.enabled()}
