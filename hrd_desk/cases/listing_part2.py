"""Lists of grants, tranches, prison visits, court cases and hearings (see ``listing``).

Money columns are integers of minor units (``*_minor``) beside the ``currency`` column: show
them with ``money.from_minor(row["paid_minor"], row["currency"])``. Amounts in different
currencies are never added; sorting by amount is meaningful within a currency filter.
"""

from __future__ import annotations

from hrd_desk.cases.listing import ListSpec, register

_PAID = (
    "(SELECT COALESCE(SUM(t.amount_minor), 0) FROM disbursements t "
    "WHERE t.grant_id = r.id AND t.deleted_at IS NULL AND t.paid_date IS NOT NULL)"
)
_CASE = "(SELECT {expr} FROM court_cases c WHERE c.id = r.court_case_id)"

GRANTS = register(
    ListSpec(
        kind="grant",
        table="grants",
        columns={
            "pseudonym": "d.pseudonym",
            "defender_id": "r.defender_id",
            "programme": "r.programme",
            "currency": "r.currency",
            "requested_minor": "r.requested_minor",
            "approved_minor": "r.approved_minor",
            "paid_minor": _PAID,
            "status": "r.status",
            "start": "r.start",
            "end": "r.end_date",
            "agreement_signed": "r.agreement_signed",
            "support_types": "json_extract(r.data, '$.support_types')",
            "confidentiality": "r.confidentiality",
            "updated_at": "r.updated_at",
        },
        sorts={
            "pseudonym": "d.pseudonym COLLATE NOCASE",
            "programme": "r.programme",
            "currency": "r.currency",
            "approved": "r.approved_minor",
            "paid": _PAID,
            "status": "r.status",
            "start": "r.start",
            "end": "r.end_date",
            "updated_at": "r.updated_at",
        },
        default_sort="start",
        default_descending=True,
        filters={
            "status": "r.status",
            "programme": "r.programme",
            "currency": "r.currency",
            "defender_id": "r.defender_id",
            "confidentiality": "r.confidentiality",
            "country": "d.country",
        },
    )
)

DISBURSEMENTS = register(
    ListSpec(
        kind="disbursement",
        table="disbursements",
        columns={
            "pseudonym": "d.pseudonym",
            "defender_id": "r.defender_id",
            "grant_id": "r.grant_id",
            "n": "r.n",
            "currency": "r.currency",
            "amount_minor": "r.amount_minor",
            "planned_date": "r.planned_date",
            "paid_date": "r.paid_date",
            "method": "json_extract(r.data, '$.method')",
            "confidentiality": "r.confidentiality",
        },
        sorts={
            "n": "r.n",
            "planned_date": "r.planned_date",
            "paid_date": "r.paid_date",
            "amount": "r.amount_minor",
            "pseudonym": "d.pseudonym COLLATE NOCASE",
        },
        default_sort="planned_date",
        filters={
            "grant_id": "r.grant_id",
            "defender_id": "r.defender_id",
            "currency": "r.currency",
            "state": "CASE WHEN r.paid_date IS NULL THEN 'planned' ELSE 'paid' END",
        },
    )
)

PRISON_VISITS = register(
    ListSpec(
        kind="prison_visit",
        table="prison_visits",
        columns={
            "pseudonym": "d.pseudonym",
            "defender_id": "r.defender_id",
            "visit_date": "r.visit_date",
            "visit_type": "r.visit_type",
            "status": "r.status",
            "facility_name": "r.facility_name",
            "access": "r.access",
            "solitary_days": "r.solitary_days",
            "next_visit": "r.next_visit",
            "confidentiality": "r.confidentiality",
            "updated_at": "r.updated_at",
        },
        sorts={
            "visit_date": "r.visit_date",
            "visit_type": "r.visit_type",
            "status": "r.status",
            "facility_name": "r.facility_name COLLATE NOCASE",
            "next_visit": "r.next_visit",
            "pseudonym": "d.pseudonym COLLATE NOCASE",
            "updated_at": "r.updated_at",
        },
        default_sort="visit_date",
        default_descending=True,
        filters={
            "status": "r.status",
            "visit_type": "r.visit_type",
            "access": "r.access",
            "defender_id": "r.defender_id",
            "confidentiality": "r.confidentiality",
            "country": "d.country",
        },
    )
)

COURT_CASES = register(
    ListSpec(
        kind="court_case",
        table="court_cases",
        columns={
            "pseudonym": "d.pseudonym",
            "defender_id": "r.defender_id",
            "court_type": "r.court_type",
            "stage": "r.stage",
            "case_number": "json_extract(r.data, '$.case_number')",
            "verdict": "json_extract(r.data, '$.verdict')",
            "verdict_date": "r.verdict_date",
            "confidentiality": "r.confidentiality",
            "updated_at": "r.updated_at",
        },
        sorts={
            "court_type": "r.court_type",
            "stage": "r.stage",
            "verdict_date": "r.verdict_date",
            "pseudonym": "d.pseudonym COLLATE NOCASE",
            "updated_at": "r.updated_at",
        },
        default_sort="updated_at",
        default_descending=True,
        filters={
            "court_type": "r.court_type",
            "stage": "r.stage",
            "defender_id": "r.defender_id",
            "confidentiality": "r.confidentiality",
            "country": "d.country",
        },
    )
)

HEARINGS = register(
    ListSpec(
        kind="hearing",
        table="hearings",
        columns={
            "pseudonym": "d.pseudonym",
            "defender_id": "r.defender_id",
            "court_case_id": "r.court_case_id",
            "date": "r.date",
            "type": "r.type",
            "status": "r.status",
            "observer_access": "r.observer_access",
            "next_hearing": "r.next_hearing",
            "court_type": _CASE.format(expr="c.court_type"),
            "case_number": _CASE.format(expr="json_extract(c.data, '$.case_number')"),
            "confidentiality": "r.confidentiality",
            "updated_at": "r.updated_at",
        },
        sorts={
            "date": "r.date",
            "type": "r.type",
            "status": "r.status",
            "next_hearing": "r.next_hearing",
            "pseudonym": "d.pseudonym COLLATE NOCASE",
            "updated_at": "r.updated_at",
        },
        default_sort="date",
        default_descending=True,
        filters={
            "status": "r.status",
            "type": "r.type",
            "observer_access": "r.observer_access",
            "court_case_id": "r.court_case_id",
            "court_type": _CASE.format(expr="c.court_type"),
            "defender_id": "r.defender_id",
            "confidentiality": "r.confidentiality",
            "country": "d.country",
        },
    )
)
