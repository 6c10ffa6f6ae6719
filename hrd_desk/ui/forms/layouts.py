"""How each record kind's form is grouped. Fields not named here follow in declaration order;
the handling fields every record has (confidentiality, sources, retention) come last."""

from __future__ import annotations

from hrd_desk.i18n import N_

COMMON = ("confidentiality", "source_refs", "retention_review_date")
#: Never shown as editable fields: set by the store, or the link the form was opened from.
HIDDEN = frozenset({"id", "version"})

#: kind → [(group title msgid, [field names])]
GROUPS: dict[str, list[tuple[str, list[str]]]] = {
    "defender": [
        (N_("Who"), ["kind", "pseudonym", "full_name", "aliases", "members", "gender", "sogi"]),
        (N_("Rights work"), ["hrd_categories", "category_other", "registration_status"]),
        (N_("Where"), ["country", "region", "locality", "remote"]),
        (N_("Situation"), ["current_status", "dependants", "notes"]),
        (N_("Identifying details (kept apart)"), ["contacts", "identity_documents"]),
    ],
    "assessment": [
        (N_("Assessment"), ["date", "assessor", "status", "trigger_incidents"]),
        (N_("1. The facts"), ["facts"]),
        (N_("2. Is there a pattern?"), ["pattern", "pattern_note"]),
        (N_("3. The objective of the threat"), ["objective"]),
        (N_("4. The source"), ["source_actor", "source_type", "attribution"]),
        (N_("5. Can it be carried out?"), ["feasibility"]),
        (N_("Vulnerabilities and capacities"), ["vulnerabilities", "capacities"]),
        (N_("Scores (indicative)"), ["threat_score", "vulnerability_score", "capacity_score"]),
        (N_("Risk"), ["likelihood", "impact"]),
        (N_("Measures and review"), ["measures", "next_review"]),
    ],
    "request": [
        (N_("Intake"), ["received_at", "channel", "requester", "priority", "status"]),
        (
            N_("The request"),
            ["threat_summary", "link_to_rights_work", "needs", "other_funders_approached"],
        ),
        (
            N_("Decision"),
            [
                "assessment_id",
                "waiver",
                "decision_date",
                "decided_by",
                "decision_reason",
                "referral_id",
                "closing_note",
            ],
        ),
    ],
    "incident": [
        (N_("What"), ["type", "type_other", "description", "verification", "status"]),
        (N_("When and where"), ["start", "end", "date_precision", "location_type", "location"]),
        (N_("Who"), ["perpetrator_type", "perpetrator_details", "involvement", "means_of_threat"]),
        (N_("Follow-up"), ["assessment_id", "action_taken", "no_action_reason"]),
    ],
}


#: kind → [(group title msgid, factory(form) → QWidget)]: widgets shown after that group, e.g.
#: a live risk matrix after the assessment's "Risk" group. Registered by the modules that own
#: those widgets (``register_extra``), so forms stay free of them.
EXTRAS: dict[str, list[tuple[str, object]]] = {}


def register_extra(kind: str, after_group: str, factory: object) -> None:
    entries = EXTRAS.setdefault(kind, [])
    if (after_group, factory) not in entries:
        entries.append((after_group, factory))


def groups_for(kind: str, names: list[str]) -> list[tuple[str | None, list[str]]]:
    """Groups of field names covering *names* exactly once, in display order."""
    out: list[tuple[str | None, list[str]]] = []
    placed: set[str] = set()
    for title, group in GROUPS.get(kind, []):
        present = [n for n in group if n in names]
        if present:
            out.append((title, present))
            placed.update(present)
    rest = [n for n in names if n not in placed and n not in COMMON]
    if rest:
        out.append((N_("Details") if out else None, rest))
    common = [n for n in COMMON if n in names]
    if common:
        out.append((N_("Handling"), common))
    return out
