"""An error to answer as problem details (RFC 9457, ``application/problem+json``).

Raised by any app's API operations, whichever layer the app sits in; the API
(`api.problems`) turns it into the answer: ``type`` (from `slug`), ``title``,
``status``, ``detail`` and any extra members, such as ``errors``.
"""


class Problem(Exception):
    """Raise to answer with a problem; `slug` names its type (e.g. "rascunho-expirado")."""

    def __init__(self, status, detail, *, slug=None, headers=None, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = str(detail)
        self.slug = slug or str(status)
        self.headers = headers or {}
        self.extra = extra
