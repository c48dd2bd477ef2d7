"""Access tokens as gov.br issues them: JWTs signed (RS256) with the key that
signs the ID tokens, so a resource server can check them against the JWKS as
well as by asking the userinfo endpoint.

Claims: iss, sub (the CPF), aud and azp (the client id), client_id, scope (a
list, as gov.br writes it), amr, iat, exp and jti.
"""

import time
import uuid

from jwcrypto import jwt
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.utils import jwk_from_pem


def signed_access_token(request):
    """ACCESS_TOKEN_GENERATOR: called by oauthlib with its request, after the
    validator set the user, the client, the scopes and the lifetime on it."""
    key = jwk_from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY)
    client_id = request.client.client_id
    now = int(time.time())
    claims = {
        "iss": oauth2_settings.OIDC_ISS_ENDPOINT,
        "sub": request.user.get_username(),
        "aud": client_id,
        "azp": client_id,
        "client_id": client_id,
        "scope": list(request.scopes or []),
        "amr": ["passwd"],
        "iat": now,
        "exp": now + int(request.expires_in),
        "jti": uuid.uuid4().hex,
    }
    token = jwt.JWT(header={"alg": "RS256", "typ": "JWT", "kid": key.thumbprint()}, claims=claims)
    token.make_signed_token(key)
    return token.serialize()
