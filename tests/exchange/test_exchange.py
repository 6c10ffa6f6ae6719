"""Two vaults exchange in both directions: additions, changes, one conflicting edit resolved
each way (mine, theirs, field by field), and a merge that does not validate refused whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hrd_desk.cases import codec
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.records_json import ImportRefused
from hrd_desk.cases.trials import CourtCase, Hearing
from hrd_desk.cases.visits import PrisonVisit
from hrd_desk.exchange import versions
from hrd_desk.exchange.bundles import build_bundle, export_bundle, open_bundle
from hrd_desk.exchange.errors import ConflictsUnresolved, NothingToExport
from hrd_desk.exchange.merge import (
    ADDED,
    CHANGED,
    CONFLICT,
    UNCHANGED,
    apply,
    preview,
)
from tests.exchange.conftest import Case, Side, make_case, state, visit


def send(sender: Side, receiver: Side, **selection):
    """Export from *sender* to *receiver* and open it there (not applied yet)."""
    data = export_bundle(sender.store, [sender.other], **selection)
    return preview(receiver.store, open_bundle(receiver.store, data))


def same(a: Side, b: Side, cls, record_id: str) -> bool:
    return codec.to_dict(a.store.get(cls, record_id)) == codec.to_dict(b.store.get(cls, record_id))


@pytest.fixture
def shared(pair: tuple[Side, Side]) -> tuple[Side, Side, Case]:
    """The post sends a defender's whole case to the observer, who imports it."""
    post, observer = pair
    case = make_case(post.store)
    prepared = send(post, observer, defender_id=case.defender_id)
    assert {i.kind: i.status for i in prepared.items} == {
        "defender": ADDED,
        "consent": ADDED,
        "court_case": ADDED,
        "hearing": ADDED,
        "prison_visit": ADDED,
    }
    apply(observer.store, prepared)
    for cls, rid in (
        (Defender, case.defender_id),
        (CourtCase, case.court_case_id),
        (Hearing, case.hearing_id),
        (PrisonVisit, case.visit_id),
    ):
        assert same(post, observer, cls, rid)  # ids, timestamps, authors: verbatim
    return post, observer, case


def test_records_travel_verbatim_and_unchanged_ones_stay_home(shared) -> None:
    post, observer, case = shared
    with pytest.raises(NothingToExport):
        # Nothing changed on either side since the exchange: nothing to send back.
        export_bundle(observer.store, [observer.other])
    # The observer logs a new visit and edits the hearing; only those two travel.
    observer.store.add(visit(case.defender_id, facility_name="Women's prison"))
    h = observer.store.get(Hearing, case.hearing_id)
    observer.store.update(replace(h, notes="Judge refused the defence's witness."))
    prepared = send(observer, post)
    assert sorted((i.kind, i.status) for i in prepared.items) == [
        ("hearing", CHANGED),
        ("prison_visit", ADDED),
    ]
    assert prepared.items[0].fields == ("notes",) or prepared.items[1].fields == ("notes",)
    report = apply(post.store, prepared)
    assert report.written == 2
    assert post.store.get(Hearing, case.hearing_id).notes == "Judge refused the defence's witness."
    assert same(post, observer, Hearing, case.hearing_id)


def _conflict(shared) -> tuple[Side, Side, Case, object]:
    post, observer, case = shared
    h = observer.store.get(Hearing, case.hearing_id)
    observer.store.update(replace(h, notes="Observer: hearing adjourned", judges="Judge B"))
    h = post.store.get(Hearing, case.hearing_id)
    post.store.update(replace(h, notes="Post: hearing took place", prosecutor="Prosecutor C"))
    prepared = send(observer, post)
    return post, observer, case, prepared


def test_conflict_is_reported_and_nothing_changes_without_a_choice(shared) -> None:
    post, _observer, case, prepared = _conflict(shared)
    [item] = prepared.items
    assert item.status == CONFLICT
    assert item.record_id == case.hearing_id
    assert item.fields == ("judges", "notes", "prosecutor")
    before = state(post.store)
    with pytest.raises(ConflictsUnresolved) as err:
        apply(post.store, prepared)
    assert case.hearing_id in err.value.message
    assert "judges, notes, prosecutor" in err.value.message
    with pytest.raises(ConflictsUnresolved):  # a per-field choice must name every field
        apply(post.store, prepared, {case.hearing_id: {"notes": "theirs"}})
    assert state(post.store) == before


def test_resolve_mine_keeps_ours_and_the_other_side_catches_up(shared) -> None:
    post, observer, case, prepared = _conflict(shared)
    ours = codec.to_dict(post.store.get(Hearing, case.hearing_id))
    report = apply(post.store, prepared, {case.hearing_id: "mine"})
    assert report.resolved == {"mine": 1}
    assert codec.to_dict(post.store.get(Hearing, case.hearing_id)) == ours
    # Sent back, "mine" wins on the other side too, without a second conflict.
    back = send(post, observer)
    assert [(i.record_id, i.status) for i in back.items] == [(case.hearing_id, CHANGED)]
    apply(observer.store, back)
    assert same(post, observer, Hearing, case.hearing_id)
    assert observer.store.get(Hearing, case.hearing_id).notes == "Post: hearing took place"


def test_resolve_theirs_takes_the_senders_version(shared) -> None:
    post, observer, case, prepared = _conflict(shared)
    apply(post.store, prepared, resolve_all="theirs")
    assert same(post, observer, Hearing, case.hearing_id)
    assert post.store.get(Hearing, case.hearing_id).notes == "Observer: hearing adjourned"
    assert post.store.get(Hearing, case.hearing_id).prosecutor == ""
    # Both hold the same version now: nothing is pending in either direction.
    with pytest.raises(NothingToExport):
        export_bundle(post.store, [post.other])


def test_resolve_field_by_field_merges_and_both_sides_end_equal(shared) -> None:
    post, observer, case, prepared = _conflict(shared)
    choice = {"notes": "mine", "judges": "theirs", "prosecutor": "mine"}
    report = apply(post.store, prepared, {case.hearing_id: choice})
    assert report.resolved == {"fields": 1}
    merged = post.store.get(Hearing, case.hearing_id)
    assert (merged.notes, merged.judges, merged.prosecutor) == (
        "Post: hearing took place",
        "Judge B",
        "Prosecutor C",
    )
    assert merged.updated_by == "officer"
    back = send(post, observer)
    assert [i.status for i in back.items] == [CHANGED]
    apply(observer.store, back)
    assert same(post, observer, Hearing, case.hearing_id)


def test_a_merge_that_does_not_validate_is_refused_whole(shared) -> None:
    post, observer, case = shared
    observer.store.add(visit(case.defender_id, facility_name="Another prison"))
    h = observer.store.get(Hearing, case.hearing_id)
    observer.store.update(replace(h, date=date(2026, 11, 21)))
    h = post.store.get(Hearing, case.hearing_id)
    post.store.update(replace(h, next_hearing=date(2026, 11, 20)))
    prepared = send(observer, post)
    assert {i.status for i in prepared.items} == {ADDED, CONFLICT}
    before = state(post.store)
    # Their date with our next hearing: the next hearing would come before this one.
    with pytest.raises(ImportRefused) as err:
        apply(post.store, prepared, {case.hearing_id: {"date": "theirs", "next_hearing": "mine"}})
    assert [p.field for p in err.value.problems] == ["next_hearing"]
    assert err.value.problems[0].record_id == case.hearing_id
    assert state(post.store) == before  # the added visit was rolled back too


def test_since_a_date_selects_by_last_change(pair) -> None:
    post, observer = pair
    case = make_case(post.store)
    made = build_bundle(post.store, [post.other], since=date(2026, 1, 1))
    # Court cases, hearings and visits by default; their defender travels along (the observer
    # does not hold it yet); the consent is not linked from them and stays home.
    assert made.counts == {"defender": 1, "court_case": 1, "hearing": 1, "prison_visit": 1}
    # The first bundle may never arrive: the defender travels again with the next one.
    made = build_bundle(post.store, [post.other], since=date(2026, 1, 1), kinds=["prison_visit"])
    assert made.counts == {"defender": 1, "prison_visit": 1}
    with pytest.raises(NothingToExport):
        build_bundle(post.store, [post.other], since=date(2999, 1, 1))
    prepared = preview(observer.store, open_bundle(observer.store, made.data))
    apply(observer.store, prepared)
    assert same(post, observer, PrisonVisit, case.visit_id)
    # Back from the observer: the defender came from the post, so it stays home.
    v = observer.store.get(PrisonVisit, case.visit_id)
    observer.store.update(replace(v, team="A. and B."))
    made = build_bundle(observer.store, [observer.other], kinds=["prison_visit"])
    assert made.counts == {"prison_visit": 1}


def test_content_hash_ignores_who_saved_and_when(shared) -> None:
    post, observer, case = shared
    mine = post.store.get(Hearing, case.hearing_id)
    moved = replace(mine, updated_at="2030-01-01T00:00:00.000000Z", updated_by="someone")
    assert versions.content_hash(moved) == versions.content_hash(mine)
    assert versions.content_hash(replace(mine, notes="x")) != versions.content_hash(mine)
    again = send(post, observer, defender_id=case.defender_id)
    assert {i.status for i in again.items} == {UNCHANGED}
