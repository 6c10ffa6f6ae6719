"""What one save implies for other records, done in the same transaction (and audited).

* A new incident flags the defender's current threat assessment for review (spec §3).
* An assessment that becomes current supersedes the one that was current (spec §4).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from hrd_desk.cases.assessments import AssessmentStatus, ThreatAssessment

if TYPE_CHECKING:
    from hrd_desk.cases.store import Change, Store


def flag_assessment_for_review(store: Store, change: Change) -> None:
    if change.old is not None:
        return
    defender_id = change.record.defender_ref()
    for assessment in store.for_defender(ThreatAssessment, defender_id):
        if assessment.status == AssessmentStatus.CURRENT and not assessment.needs_review:
            store._save(replace(assessment, needs_review=True), assessment, system=True)


def supersede_previous(store: Store, change: Change) -> None:
    record = change.record
    assert isinstance(record, ThreatAssessment)
    became_current = record.status == AssessmentStatus.CURRENT and (
        change.old is None or change.old.status != AssessmentStatus.CURRENT
    )
    if not became_current:
        return
    for other in store.for_defender(ThreatAssessment, record.defender_id):
        if other.id != record.id and other.status == AssessmentStatus.CURRENT:
            store._save(replace(other, status=AssessmentStatus.SUPERSEDED), other, system=True)
    if record.needs_review:
        fresh = store.get(ThreatAssessment, record.id)
        store._save(replace(fresh, needs_review=False), fresh, system=True)


def _register() -> None:
    from hrd_desk.cases.store import AFTER_SAVE

    AFTER_SAVE.setdefault("incident", [])
    if flag_assessment_for_review not in AFTER_SAVE["incident"]:
        AFTER_SAVE["incident"].append(flag_assessment_for_review)
    AFTER_SAVE.setdefault("assessment", [])
    if supersede_previous not in AFTER_SAVE["assessment"]:
        AFTER_SAVE["assessment"].append(supersede_previous)


_register()
