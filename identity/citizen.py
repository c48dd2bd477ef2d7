"""The citizen signed in with gov.br (OpenID Connect), as the session keeps it.

Only what the forms and "Meus casos" need is kept: the CPF (gov.br's `sub`,
or the claim OIDC_CPF_CLAIM names), the name and the e-mail, with the issuer
and when the sign-in happened. Nothing is written to the database; the sign-in
ends with the session or after OIDC_SESSION_MAX_AGE seconds.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from core.brazil import clean_cpf, format_cpf

SESSION_KEY = "citizen"


@dataclass(frozen=True)
class Citizen:
    cpf: str  # 11 digits
    name: str = ""
    email: str = ""
    issuer: str = ""

    @property
    def formatted_cpf(self):
        return format_cpf(self.cpf)


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def cpf_from_claims(claims) -> str | None:
    """The CPF in an identity provider's claims, as 11 digits, or None when the
    claim is missing or not a valid CPF."""
    try:
        return clean_cpf(str(claims.get(settings.OIDC_CPF_CLAIM) or ""))
    except ValidationError:
        return None


def from_claims(claims) -> Citizen | None:
    cpf = cpf_from_claims(claims)
    if cpf is None:
        return None
    return Citizen(
        cpf=cpf,
        name=str(claims.get("name") or "")[:255],
        email=str(claims.get("email") or "")[:254] if claims.get("email_verified", True) else "",
        issuer=str(claims.get("iss") or settings.OIDC_ISSUER),
    )


def sign_in(request, citizen: Citizen):
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "cpf": citizen.cpf,
        "name": citizen.name,
        "email": citizen.email,
        "issuer": citizen.issuer,
        "at": time.time(),
    }


def sign_out(request):
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current(request) -> Citizen | None:
    """The signed-in citizen, while the sign-in is fresh; else None."""
    session = getattr(request, "session", None)
    data = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(data, dict) or not enabled():
        return None
    if time.time() - data.get("at", 0) > settings.OIDC_SESSION_MAX_AGE:
        session.pop(SESSION_KEY, None)
        return None
    return Citizen(
        cpf=data["cpf"],
        name=data.get("name", ""),
        email=data.get("email", ""),
        issuer=data.get("issuer", ""),
    )
