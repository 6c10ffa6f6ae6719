"""Every export and import of a bundle is in the audit trail: one entry per record and one for
the bundle, with counts and fingerprints, never values. The chain still verifies."""

from __future__ import annotations

import json
from dataclasses import replace

from hrd_desk.cases import audit
from hrd_desk.cases.trials import Hearing
from hrd_desk.exchange.bundles import build_bundle, open_bundle
from hrd_desk.exchange.merge import apply, preview
from tests.exchange.conftest import Side, audit_rows, make_case


def _new_rows(store, before: int) -> list[tuple]:
    return audit_rows(store)[before:]


def test_exports_and_imports_are_audited(pair: tuple[Side, Side]) -> None:
    post, observer = pair
    case = make_case(post.store, full_name="Secret Name Marker")
    start = len(audit_rows(post.store))
    made = build_bundle(post.store, [post.other], defender_id=case.defender_id)
    rows = _new_rows(post.store, start)
    per_record = [r for r in rows if r[0] == "export" and r[1] != "bundle"]
    assert len(per_record) == 5
    for _action, _kind, _rid, detail in per_record:
        assert json.loads(detail) == {"what": "bundle", "bundle": made.bundle_id}
    assert {r[2] for r in per_record} == {
        case.defender_id,
        case.court_case_id,
        case.hearing_id,
        case.visit_id,
        *(r[2] for r in per_record if r[1] == "consent"),
    }
    [whole] = [r for r in rows if r[1] == "bundle"]
    assert whole[0] == "export" and whole[2] == made.bundle_id
    detail = json.loads(whole[3])
    assert detail["counts"] == made.counts
    assert detail["to"] == [observer.identity.fingerprint]

    start = len(audit_rows(observer.store))
    apply(observer.store, preview(observer.store, open_bundle(observer.store, made.data)))
    rows = _new_rows(observer.store, start)
    imported = [r for r in rows if r[0] == "import" and r[1] != "bundle"]
    assert sorted(r[2] for r in imported) == sorted(r[2] for r in per_record)
    [whole] = [r for r in rows if r[1] == "bundle"]
    assert whole[0] == "import" and whole[2] == made.bundle_id
    detail = json.loads(whole[3])
    assert detail["sender"] == post.identity.fingerprint
    assert sum(detail["counts"]["added"].values()) == 5

    # A change coming back is audited as an import of that record on the post's side.
    h = observer.store.get(Hearing, case.hearing_id)
    observer.store.update(replace(h, notes="Adjourned"))
    back = build_bundle(observer.store, [observer.other])
    start = len(audit_rows(post.store))
    apply(post.store, preview(post.store, open_bundle(post.store, back.data)))
    rows = _new_rows(post.store, start)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("import", "hearing", case.hearing_id),
        ("import", "bundle", back.bundle_id),
    ]

    for side in (post, observer):
        assert audit.verify(side.store.conn).ok
        text = json.dumps(audit_rows(side.store))
        assert "Secret Name Marker" not in text and "Adjourned" not in text


def test_contacts_and_identity_are_audited(post: Side, observer: Side) -> None:
    from hrd_desk.exchange import contacts

    start = len(audit_rows(post.store))
    contact = contacts.add_contact(post.store, observer.identity.card())
    contacts.mark_verified(post.store, contact.id, observer.identity.fingerprint)
    rows = _new_rows(post.store, start)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("create", "contact", contact.id),
        ("update", "contact", contact.id),
    ]
    assert any(r[1] == "exchange_identity" and r[0] == "create" for r in audit_rows(post.store))
