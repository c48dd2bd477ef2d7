"""Claims like gov.br's: ``sub`` is the citizen's CPF (kept as the username)."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class CitizenValidator(OAuth2Validator):
    def get_additional_claims(self):
        # The request-agnostic form (no request argument): DOT then lists these
        # claims in the discovery document's claims_supported. "sub" replaces
        # DOT's own (the user's primary key). Each claim is released only with
        # its scope (oidc_claim_scope): sub with openid, name with profile,
        # email and email_verified with email.
        return {
            "sub": lambda request: request.user.get_username(),
            "name": lambda request: request.user.get_full_name(),
            "email": lambda request: request.user.email,
            "email_verified": lambda request: bool(request.user.email),
        }
