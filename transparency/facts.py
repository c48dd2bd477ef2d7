"""Which complaints are public, and how they become `ClosedComplaint` rows.

Everything here runs in the database: each step is one `INSERT ... SELECT` or one
`UPDATE` built with the ORM (so it works on SQLite and PostgreSQL alike), with
correlated subqueries on the case events, never a loop over cases in Python.

Definitions (shown on the documentation page too):
- a **closed complaint** is a submission of kind "complaint" whose status is one of
  `CLOSED_STATUSES`: the consumer has evaluated it (resolved / not resolved), staff
  closed it, or the consumer withdrew it;
- it is **forwarded** when staff forwarded it to the supplier (`forward_to_supplier`);
  the **deadline** is the one recorded then, moved by any extension granted later;
- it is **answered** when the supplier's answer was recorded (`record_supplier_answer`),
  and **on time** when that happened on or before the deadline;
- its **outcome** is the consumer's latest evaluation (`record_resolved` /
  `record_not_resolved`), its **score** the 1-5 satisfaction the consumer gave;
- it **closed** when it entered its current status (classification by staff
  afterwards does not move that date); the year and month of that date place it
  in the monthly files, the indicators and the yearly register.
"""

import time

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DateTimeField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractMonth,
    ExtractYear,
    NullIf,
    TruncDate,
)
from django.db.models.lookups import IsNull, LessThanOrEqual

from forms.models import FormKind, FormPage, Submission
from forms.roles import Role
from home import i18n
from inbox.models import CaseEvent, Classification, EventKind
from inbox.statuses import Status

from .models import ClosedComplaint, Outcome, SupplierIndicator

CLOSED_STATUSES = (Status.CLOSED, Status.RESOLVED, Status.NOT_RESOLVED, Status.WITHDRAWN)
FORWARD = "forward_to_supplier"
EXTEND = "grant_extension"
ANSWER = "record_supplier_answer"
REFUSE = "supplier_refuse"
RESOLVED = "record_resolved"
NOT_RESOLVED = "record_not_resolved"
CLASSIFY_PREFIX = "classify_"
# Only answers picked from a list may describe how the product was bought: a typed
# answer could hold anything the consumer wrote.
CHOICE_TYPES = {"radio", "dropdown"}


class DaysBetween(Func):
    """Days (with fractions) from the first datetime to the second."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        start, end = self.get_source_expressions()
        return Func(
            end,
            start,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            output_field=FloatField(),
        ).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection, **extra):
        start, end = self.get_source_expressions()
        return Func(
            end,
            start,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            output_field=FloatField(),
        ).as_sql(compiler, connection)


def closed_complaints():
    """The submissions the public data describe."""
    return Submission.objects.filter(kind=FormKind.COMPLAINT, status__in=CLOSED_STATUSES)


def _role_fields(role):
    """(page id, field definition) of each complaint form's field with `role`."""
    found = []
    # Complaints are filed under the Portuguese forms (their translations file under them).
    for page in FormPage.objects.filter(
        kind=FormKind.COMPLAINT, locale_id=i18n.default_locale_id()
    ):
        for spec in page.definition.fields.values():
            definition = spec.definition
            if definition.get("role") == role:
                found.append((page.pk, definition))
    return found


def _taxonomy(level):
    """The topic, subject or problem name (or the topic slug) of the problem answer."""
    whens = [
        When(page_id=page_id, then=KT(f"form_data__{field['key']}__{level}"))
        for page_id, field in _role_fields(Role.PROBLEM)
        if field["type"] == "problem"
    ]
    return _text(whens)


def _text(whens):
    if not whens:
        return Value("")
    text = TextField()
    answer = Case(*whens, default=Value(None), output_field=text)
    return Coalesce(answer, Value(""), output_field=text)


def _channel():
    whens = []
    for page_id, field in _role_fields(Role.PURCHASE_CHANNEL):
        choices = list(field.get("choices") or [])
        if field["type"] in CHOICE_TYPES and choices:
            key = field["key"]
            whens.append(
                When(
                    Q(page_id=page_id, **{f"form_data__{key}__in": choices}),
                    then=KT(f"form_data__{key}"),
                )
            )
    return _text(whens)


def _registered_name():
    """The supplier registry's name for the CNPJ (trade name, else legal name): a name
    the consumer typed is published only for suppliers not in the registry."""
    from supplier_enrolment.models import Supplier

    return Subquery(
        Supplier.objects.filter(cnpj=OuterRef("supplier_cnpj")).values(
            name=Coalesce(NullIf("trade_name", Value("")), "legal_name")
        )[:1]
    )


def _registered_sector(column):
    """The sector (slug or name) the registry gives the CNPJ's supplier, else blank."""
    from supplier_enrolment.models import Supplier

    return Coalesce(
        Subquery(
            Supplier.objects.filter(cnpj=OuterRef("supplier_cnpj"), sector__isnull=False).values(
                f"sector__{column}"
            )[:1]
        ),
        Value(""),
    )


def _events(*actions):
    events = CaseEvent.objects.filter(case_id=OuterRef("pk"), kind=EventKind.TRANSITION)
    return events.filter(action__in=actions) if actions else events


def _first(action):
    return Subquery(_events(action).order_by("created_at").values("created_at")[:1])


def fact_columns():
    """ClosedComplaint column -> expression over a closed complaint's submission. The
    columns read from the case events are filled afterwards by `event_columns`."""
    model = ClosedComplaint._meta
    return {
        "case_id": F("pk"),
        "opened_on": TruncDate("submit_time"),
        "forwarded_at": Value(None, output_field=model.get_field("forwarded_at")),
        "deadline": Value(None, output_field=model.get_field("deadline")),
        "answered_at": Value(None, output_field=model.get_field("answered_at")),
        "closed_at": F("submit_time"),
        "year": Value(0),
        "month": Value(0),
        "municipality": F("consumer_municipality"),
        "supplier_cnpj": F("supplier_cnpj"),
        "supplier_name": Coalesce(_registered_name(), F("supplier_name")),
        "sector_slug": _registered_sector("slug"),
        "sector": _registered_sector("name"),
        "topic_slug": _taxonomy("topic_slug"),
        "topic": _taxonomy("topic"),
        "subject": _taxonomy("subject"),
        "problem": _taxonomy("problem"),
        "channel": _channel(),
        "status": F("status"),
        "refused": Value(False),
        "outcome": Value(Outcome.NOT_EVALUATED.value),
        "score": F("case__evaluation_score"),
        "classification": Coalesce(F("case__classification"), Value("")),
    }


EVALUATED = {2: Outcome.RESOLVED, 1: Outcome.NOT_RESOLVED}


def event_columns():
    """Per case, one pass over its transition events (GROUP BY case): when it was
    forwarded and answered, the latest deadline given (at forwarding or by an
    extension), whether the supplier refused it, when it entered its closed status
    (classification afterwards does not count) and the consumer's evaluation (a
    complaint is evaluated once: 2 resolved, 1 not resolved)."""
    deadline = Cast(KT("data__deadline"), output_field=ClosedComplaint._meta.get_field("deadline"))
    return (
        CaseEvent.objects.filter(
            kind=EventKind.TRANSITION,
            case_id__in=ClosedComplaint.objects.values("case_id"),
        )
        .values("case_id")
        .annotate(
            forwarded_at=Min("created_at", filter=Q(action=FORWARD)),
            answered_at=Min("created_at", filter=Q(action=ANSWER)),
            deadline=Max(deadline, filter=Q(action__in=(FORWARD, EXTEND))),
            refusals=Count("pk", filter=Q(action=REFUSE)),
            closed_at=Max(
                "created_at",
                filter=Q(to_status__in=CLOSED_STATUSES) & ~Q(action__startswith=CLASSIFY_PREFIX),
            ),
            evaluation=Max(
                Case(
                    When(action=RESOLVED, then=Value(2)),
                    When(action=NOT_RESOLVED, then=Value(1)),
                    default=Value(0),
                )
            ),
        )
        .order_by()
    )


def _derived(table):
    """The columns computed from the event columns, as SQL over `events` (the grouped
    events) and `table`, compiled by the ORM so dates follow the site's time zone on
    every database. Returns {column: (sql, params)}."""
    datetime, date = DateTimeField(), DateField()
    forwarded = RawSQL("events.forwarded_at", [], output_field=datetime)
    answered = RawSQL("events.answered_at", [], output_field=datetime)
    deadline = RawSQL("events.deadline", [], output_field=date)
    # Column references only: no value reaches these SQL fragments.
    closed = RawSQL(f"COALESCE(events.closed_at, {table}.closed_at)", [], output_field=datetime)  # noqa: S611
    expressions = {
        "year": ExtractYear(closed),
        "month": ExtractMonth(closed),
        "days_to_answer": DaysBetween(forwarded, answered),
        "on_time": Case(
            When(IsNull(forwarded, True), then=Value(None)),
            When(LessThanOrEqual(TruncDate(answered), deadline), then=Value(True)),
            When(Q(IsNull(answered, False)) & Q(IsNull(deadline, True)), then=Value(None)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    }
    query = ClosedComplaint.objects.all().query
    compiler = query.get_compiler(connection=connection)
    return {
        column: compiler.compile(expression.resolve_expression(query))
        for column, expression in expressions.items()
    }


def update_from_events():
    """One `UPDATE ... FROM (events grouped by case)`: a hash join, not a subquery per
    case (PostgreSQL, and SQLite 3.33 or later), which also fills the derived columns."""
    events_sql, events_params = event_columns().query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(ClosedComplaint._meta.db_table)
    outcome = " ".join(f"WHEN {number} THEN '{value.value}'" for number, value in EVALUATED.items())
    assignments = [
        "forwarded_at = events.forwarded_at",
        "answered_at = events.answered_at",
        "deadline = events.deadline",
        "refused = events.refusals > 0",
        f"closed_at = COALESCE(events.closed_at, {table}.closed_at)",
        f"outcome = CASE events.evaluation {outcome} ELSE '' END",
    ]
    params = []
    for column, (sql, sql_params) in _derived(table).items():
        assignments.append(f"{quote(column)} = {sql}")
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(assignments)} "  # noqa: S608 - no user input
            f"FROM ({events_sql}) AS events WHERE {table}.case_id = events.case_id",
            [*params, *events_params],
        )


def insert_select(model, queryset, columns, group_by=None):
    """`INSERT INTO model (columns) SELECT ...` from a queryset annotated with
    `columns` (column -> expression), grouped by the `group_by` columns (column ->
    expression) when given: the rows never leave the database."""
    aliases = {f"c_{column}": expression for column, expression in columns.items()}
    if group_by:
        keys = {f"c_{column}": expression for column, expression in group_by.items()}
        queryset = queryset.annotate(**keys).values(*keys).annotate(**aliases)
        aliases |= keys
    else:
        queryset = queryset.annotate(**aliases).values(*aliases)
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    selected = [alias for _expr, _sql, alias in compiler.select]
    assert set(selected) == set(aliases), selected
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(
        connection.ops.quote_name(model._meta.get_field(alias[2:]).column) for alias in selected
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)
        return cursor.rowcount


def _empty(model):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def build_facts(timings=None):
    """Rebuild `ClosedComplaint` from the closed complaints; returns the row count."""
    timings = {} if timings is None else timings
    started = time.monotonic()
    _empty(ClosedComplaint)
    count = insert_select(ClosedComplaint, closed_complaints(), fact_columns())
    timings["closed complaints"] = time.monotonic() - started
    started = time.monotonic()
    update_from_events()
    timings["events"] = time.monotonic() - started
    # A complaint without any transition event (none in practice) still gets its month.
    ClosedComplaint.objects.filter(year=0).update(
        year=ExtractYear("closed_at"), month=ExtractMonth("closed_at")
    )
    return count


def _count(condition):
    return Count("pk", filter=condition)


def indicator_columns():
    founded = Classification
    return {
        "supplier_name": Max("supplier_name"),
        "complaints": Count("pk"),
        "forwarded": _count(Q(forwarded_at__isnull=False)),
        "answered": _count(Q(forwarded_at__isnull=False, answered_at__isnull=False)),
        "answered_on_time": _count(Q(on_time=True)),
        "answer_days_total": Sum("days_to_answer"),
        "evaluated": _count(~Q(outcome=Outcome.NOT_EVALUATED)),
        "resolved": _count(Q(outcome=Outcome.RESOLVED)),
        "score_total": Coalesce(Sum("score"), Value(0), output_field=IntegerField()),
        "scored": _count(Q(score__isnull=False)),
        "founded_attended": _count(Q(classification=founded.FOUNDED_ATTENDED)),
        "founded_not_attended": _count(Q(classification=founded.FOUNDED_NOT_ATTENDED)),
        "unfounded": _count(Q(classification=founded.UNFOUNDED)),
    }


def build_indicators():
    """Rebuild `SupplierIndicator`: one GROUP BY per municipality slice."""
    _empty(SupplierIndicator)
    rows = 0
    for municipality in (F("municipality"), Value("")):
        keys = {
            "supplier_cnpj": F("supplier_cnpj"),
            "year": F("year"),
            "month": F("month"),
            "municipality": municipality,
            "sector_slug": F("sector_slug"),
            "topic_slug": F("topic_slug"),
        }
        rows += insert_select(
            SupplierIndicator,
            ClosedComplaint.objects.exclude(supplier_cnpj=""),
            indicator_columns(),
            group_by=keys,
        )
    return rows


@transaction.atomic
def refresh(timings=None):
    """Rebuild both tables in one transaction; readers see the old data until it commits.
    Returns the number of closed complaints; `timings` (a dict) gets seconds per step."""
    timings = {} if timings is None else timings
    complaints = build_facts(timings)
    started = time.monotonic()
    build_indicators()
    timings["indicators"] = time.monotonic() - started
    return complaints
