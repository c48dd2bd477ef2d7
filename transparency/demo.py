"""The demo history: about two years of fictitious closed complaints, so that every
transparency page, chart and open-data file shows figures on a fresh machine.

`load()` writes the rows the complaint workflow writes, in bulk: for each
complaint a `Submission` of the demo complaint form (kind, protocol from
`forms.protocol.next_number`, year and sequence, the form's schema, the answers
the public data read: supplier, problem, how it was bought), its `Case` and the
`CaseEvent`s of its way through the workflow, each step taken from the action
table of `inbox.workflow` (from-status, to-status, visibility), with the deadlines
the workflow settings give. Suppliers answer, late or never; consumers evaluate
(resolved or not, with a score) or let the time pass; staff close and classify
(CDC art. 44). Then it runs the refresh, so the pages show the figures.

Everything is fictitious and marked:
- each demo submission's answers hold the key `MARKER` (``historico_demonstracao``);
  the consumer is "Consumidor fictício (demonstração)", with no CPF, e-mail, phone
  or address;
- each demo supplier's names end in "(fictícia)"; their CNPJs have valid check
  digits but belong to no company we know of;
- the transparency pages say the data is fictitious while the published data
  holds demo complaints (`Refresh.demo_complaints`).

Idempotent: when any demo submission exists, nothing is written. Deterministic:
one `random.Random(SEED)` draws everything, so two fresh machines get the same
history for the same day.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from forms.models import FormKind, FormPage, Submission
from forms.protocol import next_number
from forms.reference import Municipality
from forms.roles import Role
from inbox.models import (
    Case,
    CaseEvent,
    Classification,
    DeadlineKind,
    EventKind,
    Party,
    WorkflowSettings,
)
from inbox.statuses import Status
from inbox.workflow import actions_for
from services.models import Problem
from supplier_enrolment.models import Sector, Supplier

MARKER = "historico_demonstracao"
SEED = 23
MONTHS = 24
PER_MONTH = 150  # closed complaints in an average month
FORM_SLUG = "reclamacao"
FICTITIOUS = "(fictícia)"
CONSUMER = "Consumidor fictício (demonstração)"
# Most complaints come from the largest towns (IBGE codes); the rest from anywhere.
LARGE_TOWNS = {
    "5103403": 30,  # Cuiabá
    "5108402": 14,  # Várzea Grande
    "5107602": 9,  # Rondonópolis
    "5107909": 7,  # Sinop
    "5107958": 5,  # Tangará da Serra
    "5102504": 4,  # Cáceres
    "5107925": 4,  # Sorriso
    "5105259": 3,  # Lucas do Rio Verde
    "5107040": 3,  # Primavera do Leste
    "5101803": 3,  # Barra do Garças
}
OTHER_TOWNS_WEIGHT = 18
# Sector -> the (topic, subject) of the taxonomy its complaints are about
# (subject None: any subject of the topic).
SECTOR_PROBLEMS = {
    "telecomunicacoes": [("telecomunicacoes", None)],
    "bancos-e-financeiras": [("bancos-e-credito", None)],
    "varejo": [("comercio-eletronico", None), ("compras-e-garantia", None)],
    "energia-eletrica": [("energia-e-agua", "energia-eletrica")],
    "agua-e-saneamento": [("energia-e-agua", "agua-e-esgoto")],
    "planos-de-saude": [("planos-de-saude", None)],
    "transporte-aereo": [("transporte-aereo", None)],
    "seguros": [("compras-e-garantia", "servicos-em-geral")],
    "educacao": [("educacao", None)],
}
# (sector, legal name, trade name, share of the complaints, how well it answers 0-1)
SUPPLIERS = [
    ("telecomunicacoes", "Operadora Guaporé Telecomunicações S.A.", "Guaporé Telecom", 9, 0.55),
    ("telecomunicacoes", "Chapada Net Provedor de Internet Ltda.", "Chapada Net", 5, 0.8),
    ("telecomunicacoes", "Serra Azul Comunicações S.A.", "Serra Azul Móvel", 7, 0.7),
    ("telecomunicacoes", "Xingu TV por Assinatura Ltda.", "Xingu TV", 3, 0.4),
    ("telecomunicacoes", "Pantaneira Fibra Ltda.", "Pantaneira Fibra", 3, 0.9),
    ("bancos-e-financeiras", "Banco Cuiabano de Investimentos S.A.", "Banco Cuiabano", 6, 0.75),
    ("bancos-e-financeiras", "Financeira Rio Verde Crédito S.A.", "Rio Verde Crédito", 4, 0.45),
    ("bancos-e-financeiras", "Cooperativa de Crédito Vale do Teles Pires", "Coopertele", 2, 0.95),
    ("bancos-e-financeiras", "Banco Digital Ipê S.A.", "Ipê Bank", 5, 0.65),
    ("bancos-e-financeiras", "Cartões Araguaia Administradora Ltda.", "Cartão Araguaia", 3, 0.5),
    ("varejo", "Magazine Cerrado Ltda.", "Magazine Cerrado", 6, 0.85),
    ("varejo", "Eletro Sinop Comércio Ltda.", "Eletro Sinop", 3, 0.7),
    ("varejo", "Mercado Virtual Pantanal Ltda.", "Pantanal Shop", 6, 0.5),
    ("varejo", "Lojas Tuiuiú Ltda.", "Lojas Tuiuiú", 3, 0.9),
    ("varejo", "Móveis Rondon Ltda.", "Móveis Rondon", 2, 0.35),
    ("varejo", "Celulares Bom Preço Ltda.", "Bom Preço Celulares", 2, 0.6),
    (
        "energia-eletrica",
        "Distribuidora de Energia Norte Mato-Grossense S.A.",
        "Energia Norte MT",
        6,
        0.6,
    ),
    ("energia-eletrica", "Companhia Elétrica do Araguaia S.A.", "Elétrica Araguaia", 3, 0.8),
    ("agua-e-saneamento", "Águas de Várzea Saneamento S.A.", "Águas da Várzea", 3, 0.55),
    ("agua-e-saneamento", "Saneamento Rondonópolis S.A.", "Sanear Rondon", 2, 0.75),
    ("agua-e-saneamento", "Águas do Teles Pires Ltda.", "Águas Teles Pires", 1, 0.9),
    ("planos-de-saude", "Saúde Cerrado Operadora de Planos Ltda.", "Saúde Cerrado", 4, 0.6),
    ("planos-de-saude", "Plano Pantanal Assistência Médica S.A.", "Plano Pantanal", 3, 0.45),
    ("planos-de-saude", "Unimédica Centro-Oeste Cooperativa Médica", "Unimédica CO", 3, 0.85),
    ("planos-de-saude", "Vida Plena Planos de Saúde Ltda.", "Vida Plena", 2, 0.7),
    ("transporte-aereo", "Linhas Aéreas Tuiuiú S.A.", "Voe Tuiuiú", 4, 0.65),
    ("transporte-aereo", "Arara Azul Transportes Aéreos S.A.", "Arara Azul", 3, 0.8),
    ("transporte-aereo", "Cerrado Air Linhas Aéreas Ltda.", "Cerrado Air", 2, 0.4),
    ("seguros", "Seguradora Bandeirantes do Oeste S.A.", "Seguros Bandeirantes", 2, 0.7),
    ("seguros", "Protege Mais Seguros S.A.", "Protege Mais", 1, 0.5),
    ("educacao", "Faculdade Integrada do Cerrado Ltda.", "FacCerrado", 2, 0.75),
    ("educacao", "Colégio e Cursos Horizonte Ltda.", "Horizonte Cursos", 1, 0.55),
]
ANSWER = "Resposta fictícia da empresa (dados de demonstração)."
REFUSAL = "Recusa fictícia: a empresa diz que não é a responsável (demonstração)."
REFUSAL_ACCEPTED = "Recusa aceita (demonstração)."
DESCRIPTION = "Relato fictício, gerado para a demonstração do site."


def demo_submissions():
    """The demo history's submissions."""
    return Submission.objects.filter(form_data__has_key=MARKER)


def cnpj(root):
    """A CNPJ with valid check digits from its first 12 digits."""

    def digit(digits):
        weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][-len(digits) :]
        rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        return "0" if rest < 2 else str(11 - rest)

    first = digit(root)
    return root + first + digit(root + first)


@dataclass
class Plan:
    """One complaint: its supplier, place, problem, and its events as
    (action, party, hours after the previous event, reason, data)."""

    supplier: Supplier
    quality: float
    municipality: str
    problem: Problem
    channel: str
    closed_at: datetime
    steps: list = field(default_factory=list)
    score: int | None = None
    classification: str = ""


class History:
    def __init__(self, now=None, seed=SEED, per_month=PER_MONTH, months=MONTHS):
        self.now = now or timezone.now()
        self.rng = random.Random(seed)  # noqa: S311 - fictitious data, no secret
        self.per_month = per_month
        self.months = months
        self.settings = WorkflowSettings.load()
        self.answer_days = self.settings.days_for(DeadlineKind.SUPPLIER_ANSWER)
        self.evaluation_days = self.settings.days_for(DeadlineKind.CONSUMER_EVALUATION)
        self.table = actions_for(FormKind.COMPLAINT)

    # --- reference data ---------------------------------------------------------
    def suppliers(self):
        """The demo suppliers (created when missing, with their sector), with weights."""
        sectors = {sector.slug: sector for sector in Sector.objects.all()}
        rows = []
        for index, (sector, legal, trade, weight, quality) in enumerate(SUPPLIERS):
            number = cnpj(f"{90 + index // 10:02d}{self.rng.randrange(10**6):06d}0001")
            supplier = Supplier.objects.filter(legal_name=f"{legal} {FICTITIOUS}").first()
            if supplier is None:
                supplier = Supplier(
                    cnpj=number,
                    legal_name=f"{legal} {FICTITIOUS}",
                    trade_name=f"{trade} {FICTITIOUS}",
                    sector=sectors.get(sector),
                )
                supplier.save()
            rows.append((supplier, sector, weight, quality))
        return rows

    def problems(self):
        by_place = {}
        for problem in Problem.objects.select_related("subject__topic"):
            subject = problem.subject
            by_place.setdefault((subject.topic.slug, None), []).append(problem)
            by_place.setdefault((subject.topic.slug, subject.slug), []).append(problem)
        return {
            sector: [p for place in places for p in by_place.get(place, [])]
            for sector, places in SECTOR_PROBLEMS.items()
        }

    def towns(self):
        codes = list(
            Municipality.objects.filter(state="MT")
            .order_by("ibge_code")
            .values_list("ibge_code", flat=True)
        )
        large = [code for code in LARGE_TOWNS if code in codes]
        others = [code for code in codes if code not in LARGE_TOWNS]
        return large, others

    # --- the plan -----------------------------------------------------------------
    def closing_times(self):
        """When each complaint reaches its closed status: `per_month` on average in
        each of the last `months` months (a slow rise), and the current month up to
        now (a partial month, as real data would be)."""
        month_start = timezone.localtime(self.now).replace(
            day=1, hour=0, minute=0, second=0, microsecond=0
        )
        starts = [month_start]
        for _ in range(self.months):
            previous = (starts[0] - timedelta(days=1)).replace(day=1)
            starts.insert(0, previous)
        times = []
        for index, start in enumerate(starts):
            end = (start + timedelta(days=32)).replace(day=1)
            end = min(end, self.now - timedelta(hours=1))
            span = (end - start).total_seconds()
            if span <= 0:
                continue
            share = span / (31 * 86400)
            mean = self.per_month * (0.85 + 0.3 * index / max(self.months, 1))
            count = round(mean * self.rng.uniform(0.9, 1.1) * min(share, 1))
            times += [start + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(count)]
        return sorted(times)

    def plan(self):
        suppliers = self.suppliers()
        problems = self.problems()
        large, others = self.towns()
        town_weights = [LARGE_TOWNS[code] for code in large]
        if others:
            town_weights.append(OTHER_TOWNS_WEIGHT)
        weights = [weight for _s, _sector, weight, _q in suppliers]
        plans = []
        for closed_at in self.closing_times():
            supplier, sector, _weight, quality = self.rng.choices(suppliers, weights)[0]
            town = self.rng.choices(large + ["other"] if others else large, town_weights)[0]
            if town == "other":
                town = self.rng.choice(others)
            choices = problems.get(sector) or [None]
            plan = Plan(
                supplier=supplier,
                quality=quality,
                municipality=town,
                problem=self.rng.choice(choices),
                channel=self.rng.choice(["Internet", "Loja física", "Telefone", "Internet"]),
                closed_at=closed_at,
            )
            self.walk(plan)
            plans.append(plan)
        return plans

    def walk(self, plan):
        """The complaint's way through the workflow, as steps (action, party, hours
        after the previous step, reason, data); the last step closing it."""
        rng, q = self.rng, plan.quality
        steps = plan.steps
        steps.append(("accept", Party.STAFF, rng.uniform(2, 40), "", {}))
        steps.append(("forward_to_supplier", Party.STAFF, rng.uniform(1, 30), "", {}))
        roll = rng.random()
        if roll < 0.04:
            steps.append(("withdraw", Party.CITIZEN, rng.uniform(24, 200), "", {}))
            return
        if roll < 0.07:
            steps.append(("supplier_refuse", Party.SUPPLIER, rng.uniform(24, 180), REFUSAL, {}))
            steps.append(("accept_refusal", Party.STAFF, rng.uniform(24, 96), REFUSAL_ACCEPTED, {}))
            return
        answered = rng.random() < 0.55 + 0.43 * q
        if answered and rng.random() < 0.45 + 0.5 * q:
            # On time: within the deadline's days.
            hours = rng.uniform(12, 24 * self.answer_days - 12)
            steps.append(("record_supplier_answer", Party.SUPPLIER, hours, ANSWER, {}))
        else:
            # The day after the deadline, as the deadline command does.
            expiry = 24 * (self.answer_days + 1)
            steps.append(("supplier_deadline_expired", Party.SYSTEM, expiry, "", {}))
            if answered:
                steps.append(
                    ("record_supplier_answer", Party.SUPPLIER, rng.uniform(12, 24 * 12), ANSWER, {})
                )
        steps.append(("ask_evaluation", Party.STAFF, rng.uniform(2, 48), "", {}))
        if rng.random() < 0.15:
            expiry = 24 * (self.evaluation_days + 1)
            steps.append(("evaluation_expired", Party.SYSTEM, expiry, "", {}))
            if answered and rng.random() < 0.5:
                plan.classification = self._classify(resolved=True)
            return
        resolved = rng.random() < (0.25 + 0.65 * q if answered else 0.08)
        plan.score = rng.choice([3, 4, 5, 5]) if resolved else rng.choice([1, 1, 2, 3])
        action = "record_resolved" if resolved else "record_not_resolved"
        steps.append((action, Party.CITIZEN, rng.uniform(12, 24 * 15), "", {"score": plan.score}))
        if rng.random() < 0.75:
            steps.append(("close", Party.STAFF, rng.uniform(2, 120), "", {}))
            if rng.random() < 0.8:
                plan.classification = self._classify(resolved)

    def _classify(self, resolved):
        if resolved:
            return Classification.FOUNDED_ATTENDED
        if self.rng.random() < 0.85:
            return Classification.FOUNDED_NOT_ATTENDED
        return Classification.UNFOUNDED

    # --- writing --------------------------------------------------------------------
    def form(self):
        page = FormPage.objects.filter(slug=FORM_SLUG, kind=FormKind.COMPLAINT).first()
        if page is None:
            raise LookupError(
                f"The demo complaint form (/{FORM_SLUG}/) is missing: run load_demo_content first."
            )
        keys = {}
        for spec in page.definition.fields.values():
            definition = spec.definition
            role = definition.get("role")
            if role in (Role.SUPPLIER_NAME, Role.PROBLEM, Role.PURCHASE_CHANNEL, Role.DESCRIPTION):
                keys[role] = definition
        return page, keys

    def answers(self, plan, keys):
        data = {MARKER: True}
        supplier = keys.get(Role.SUPPLIER_NAME)
        name = plan.supplier.display_name
        if supplier:
            data[supplier["key"]] = (
                {"supplier_id": plan.supplier.pk, "name": name, "cnpj": plan.supplier.cnpj}
                if supplier["type"] == "supplier"
                else name
            )
        problem = keys.get(Role.PROBLEM)
        if problem and plan.problem is not None:
            subject = plan.problem.subject
            data[problem["key"]] = {
                "topic": subject.topic.name,
                "topic_slug": subject.topic.slug,
                "subject": subject.name,
                "subject_slug": subject.slug,
                "problem": plan.problem.name,
                "problem_slug": plan.problem.slug,
            }
        channel = keys.get(Role.PURCHASE_CHANNEL)
        if channel and plan.channel in (channel.get("choices") or []):
            data[channel["key"]] = plan.channel
        description = keys.get(Role.DESCRIPTION)
        if description:
            data[description["key"]] = DESCRIPTION
        return data

    def events(self, plan, case_id):
        """The case's events, ending at `plan.closed_at` (the closing step), and the
        case's final status."""
        offsets, total = [], 0.0
        for step in plan.steps:
            total += step[2]
            offsets.append(total)
        opened_at = plan.closed_at - timedelta(hours=total)
        events = [
            CaseEvent(
                case_id=case_id,
                kind=EventKind.OPENED,
                party=Party.CITIZEN,
                to_status=Status.RECEIVED,
                visibility="citizen",
                created_at=opened_at,
            )
        ]
        status = Status.RECEIVED
        for (name, party, _hours, reason, data), offset in zip(plan.steps, offsets, strict=True):
            action = self.table[name]
            assert status in action.sources, (name, status)
            at = opened_at + timedelta(hours=offset)
            data = dict(data)
            if action.starts:  # the deadline the workflow would start
                days = self.settings.days_for(action.starts)
                data["deadline"] = (timezone.localdate(at) + timedelta(days)).isoformat()
            events.append(
                CaseEvent(
                    case_id=case_id,
                    kind=EventKind.TRANSITION,
                    action=name,
                    party=party,
                    from_status=status,
                    to_status=action.target,
                    reason=reason,
                    visibility=action.visibility,
                    data=data,
                    created_at=at,
                )
            )
            status = action.target
        if plan.classification:
            name = f"classify_{plan.classification}"
            action = self.table[name]
            assert status in action.sources, (name, status)
            later = min(plan.closed_at + timedelta(hours=self.rng.uniform(1, 120)), self.now)
            events.append(
                CaseEvent(
                    case_id=case_id,
                    kind=EventKind.TRANSITION,
                    action=name,
                    party=Party.STAFF,
                    from_status=status,
                    to_status=action.target,
                    visibility=action.visibility,
                    created_at=later,
                )
            )
        return opened_at, status, events

    def write(self, plans):
        page, keys = self.form()
        schema = page.definition.schema()
        timed = []
        for plan in plans:
            offsets = sum(step[2] for step in plan.steps)
            timed.append((plan.closed_at - timedelta(hours=offsets), plan))
        timed.sort(key=lambda item: item[0])
        submissions = []
        for opened_at, plan in timed:
            number = next_number(timezone.localdate(opened_at).year)
            submission = Submission(
                page=page,
                form_data=self.answers(plan, keys),
                protocol=str(number),
                year=number.year,
                sequence=number.sequence,
                kind=FormKind.COMPLAINT,
                status=self.table[plan.steps[-1][0]].target,
                schema=schema,
                # Not a hash of any code: no access code opens a demo case.
                access_code_hash="",
                consumer_name=CONSUMER,
                consumer_municipality=plan.municipality,
                supplier_name=plan.supplier.display_name,
                supplier_cnpj=plan.supplier.cnpj,
            )
            submissions.append(submission)
        Submission.objects.bulk_create(submissions, batch_size=500)
        cases, events = [], []
        for submission, (_opened, plan) in zip(submissions, timed, strict=True):
            _opened_at, _status, case_events = self.events(plan, submission.pk)
            cases.append(
                Case(
                    submission_id=submission.pk,
                    evaluation_score=plan.score,
                    classification=plan.classification,
                )
            )
            events += case_events
        Case.objects.bulk_create(cases, batch_size=500)
        CaseEvent.objects.bulk_create(events, batch_size=1000)
        # The submit time is set on insert (auto_now_add): the history's own (when
        # its case opened) goes in with one statement.
        opened = CaseEvent.objects.filter(case_id=OuterRef("pk"), kind=EventKind.OPENED)
        demo_submissions().update(submit_time=Subquery(opened.values("created_at")[:1]))
        return len(submissions), len(events)


def load(stdout=None, now=None, per_month=PER_MONTH, months=MONTHS):
    """Write the demo history unless it is there already; returns the number of
    complaints written (0 when it was there)."""
    if demo_submissions().exists():
        return 0
    history = History(now=now, per_month=per_month, months=months)
    history.form()  # the demo complaint form must be there first
    with transaction.atomic():
        plans = history.plan()
        complaints, events = history.write(plans)
    if stdout:
        stdout.write(f"  {complaints} fictitious closed complaints, {events} case events")
    return complaints
