"""Who answers for citizens' personal data, as the LGPD asks the site to say,
and what the agency settings still lack.

- Art. 9, III and IV: the controller's identity and contact information.
- Art. 41, § 1: the identity and contact information of the data protection
  officer (encarregado), published clearly, preferably on the controller's site.

The privacy notice page and the footer show them, with a notice where one is
missing; `home.checks.privacy_contacts_published` warns the operator while the
officer is unnamed (or named by a job title), the controller is not identified,
or either still holds a demonstration value.
"""

from dataclasses import dataclass

from core.brazil import fold

# What an officer's "name" holds while nobody has been named: the job title, a
# note to fill it in later. Compared folded (no accents, lower case).
PLACEHOLDER_NAMES = frozenset(
    fold(name)
    for name in (
        "Encarregado",
        "Encarregada",
        "Encarregado(a)",
        "Encarregado de Proteção de Dados",
        "Encarregada de Proteção de Dados",
        "Encarregado de Proteção de Dados Pessoais",
        "Encarregado pelo Tratamento de Dados Pessoais",
        "Data protection officer",
        "DPO",
        "Nome do encarregado",
        "A definir",
        "A designar",
        "Fulano de Tal",
        "Teste",
        "-",
    )
)
# Words that mark a value as demonstration content (the demo data use them).
DEMONSTRATION_WORDS = ("demonstracao", "exemplo", "ficticio", "ficticia")


def is_placeholder(value):
    """Whether `value` names nobody: empty, or a job title or note in its place."""
    folded = fold(value)
    return not folded or folded in PLACEHOLDER_NAMES


def is_demonstration(value):
    """Whether `value` is marked as demonstration content, e.g. "(demonstração)"."""
    folded = fold(value)
    return any(word in folded for word in DEMONSTRATION_WORDS)


@dataclass(frozen=True)
class Gap:
    """Something LGPD asks the site to publish that the settings lack."""

    code: str  # the system check's id
    message: str
    hint: str


def gaps(agency):
    """What `agency` (an AgencySettings) lacks for LGPD arts. 9 and 41 § 1."""
    found = []
    if is_placeholder(agency.dpo_name) or is_demonstration(agency.dpo_name):
        found.append(
            Gap(
                "procon.W001",
                "The data protection officer (encarregado) is not named"
                + (f" ({agency.dpo_name!r} is not a person's name)." if agency.dpo_name else "."),
                "LGPD art. 41 § 1: publish the officer's identity. Fill in the name in "
                "Settings > Agency settings > Privacy (LGPD).",
            )
        )
    if not (agency.dpo_email or agency.dpo_phone):
        found.append(
            Gap(
                "procon.W002",
                "The data protection officer has no email or phone.",
                "LGPD art. 41 § 1: publish the officer's contact. Fill in the email or "
                "phone in Settings > Agency settings > Privacy (LGPD).",
            )
        )
    if (
        not agency.controller_name
        or not agency.controller_cnpj
        or is_demonstration(agency.controller_name)
    ):
        found.append(
            Gap(
                "procon.W003",
                "The controller (controlador) is not identified: its legal name and CNPJ "
                "are missing or still demonstration values.",
                "LGPD art. 9, III: fill in the controller's name and CNPJ in Settings > "
                "Agency settings > Privacy (LGPD).",
            )
        )
    if not (agency.address or agency.phone or agency.email):
        found.append(
            Gap(
                "procon.W004",
                "The agency has no address, phone or email: citizens cannot reach the controller.",
                "LGPD art. 9, IV: fill in the contacts in Settings > Agency settings > Contacts.",
            )
        )
    return found
