"""The documented outcome of each unusual bundle: wrong recipient, unknown sender, replay, an
older bundle after a newer one, a vault changed since the preview, a record deleted here."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hrd_desk.cases.errors import StaleRecord
from hrd_desk.cases.records_json import ImportRefused
from hrd_desk.cases.trials import Hearing
from hrd_desk.exchange import contacts
from hrd_desk.exchange.bundles import export_bundle, open_bundle
from hrd_desk.exchange.errors import AlreadyImported, NotForThisVault, UnknownSender
from hrd_desk.exchange.identity import load_identity
from hrd_desk.exchange.merge import ADDED, CHANGED, DELETED_HERE, OLDER, apply, preview
from tests.exchange.conftest import Side, audit_count, make_case, open_side, state


def test_wrong_recipient(pair, stranger: Side) -> None:
    post, _observer = pair
    # The stranger even knows the post (verified): it is still not a recipient.
    known = contacts.add_contact(stranger.store, post.identity.card())
    contacts.mark_verified(stranger.store, known.id, post.identity.fingerprint)
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    before = state(stranger.store)
    with pytest.raises(NotForThisVault) as err:
        open_bundle(stranger.store, data)
    assert "not addressed to this vault" in err.value.message
    assert state(stranger.store) == before


def test_a_vault_without_an_identity_is_no_recipient_and_gets_none(pair, tmp_path) -> None:
    from hrd_desk.cases.store import Store
    from hrd_desk.crypto.vault import create_vault
    from tests.conftest import PASSPHRASE

    post, _observer = pair
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    vault, _key = create_vault(tmp_path / "fresh", PASSPHRASE)
    with vault:
        store = Store.open(vault, actor="x")
        with pytest.raises(NotForThisVault):
            open_bundle(store, data)
        assert load_identity(store.conn) is None  # opening never writes, not even a key


def test_unknown_sender_is_named_then_accepted_explicitly(post: Side, stranger: Side) -> None:
    # The stranger has the post's card; the post has never heard of the stranger.
    stranger.other = contacts.add_contact(stranger.store, post.identity.card()).id
    case = make_case(stranger.store, pseudonym="Heron")
    data = export_bundle(
        stranger.store, [stranger.other], defender_id=case.defender_id, allow_unverified=True
    )
    before = state(post.store)
    with pytest.raises(UnknownSender) as err:
        open_bundle(post.store, data)
    assert err.value.fingerprint == stranger.identity.fingerprint
    assert err.value.card == stranger.identity.card()
    assert stranger.identity.fingerprint in err.value.message
    assert "Someone else" in err.value.message
    assert state(post.store) == before

    opened = open_bundle(post.store, data, accept_unknown_sender=True)
    assert opened.accepted_unknown_sender and not opened.sender_verified
    prepared = preview(post.store, opened)
    assert {i.status for i in prepared.items} == {ADDED}
    assert state(post.store) == before  # opening and previewing write nothing
    report = apply(post.store, prepared)
    assert report.contact_added
    [added] = contacts.list_contacts(post.store.conn)
    assert added.fingerprint == stranger.identity.fingerprint
    assert not added.verified
    assert post.store.get(Hearing, case.hearing_id).judges == "Panel of three"
    # From now on the sender is known (unverified): no acceptance needed.
    h = stranger.store.get(Hearing, case.hearing_id)
    stranger.store.update(replace(h, judges="Another panel"))
    again = open_bundle(
        post.store, export_bundle(stranger.store, [stranger.other], allow_unverified=True)
    )
    assert again.contact is not None and again.contact.id == added.id


def test_replayed_bundle_changes_nothing(pair) -> None:
    post, observer = pair
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    apply(observer.store, preview(observer.store, open_bundle(observer.store, data)))
    before = state(observer.store)
    with pytest.raises(AlreadyImported) as err:
        open_bundle(observer.store, data)
    assert "already imported" in err.value.message
    assert state(observer.store) == before


def test_applying_the_same_preview_twice_changes_nothing(pair) -> None:
    post, observer = pair
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    prepared = preview(observer.store, open_bundle(observer.store, data))
    apply(observer.store, prepared)
    before = state(observer.store)
    with pytest.raises(AlreadyImported):
        apply(observer.store, prepared)
    assert state(observer.store) == before


def _two_bundles(pair) -> tuple[Side, Side, str, bytes, bytes]:
    post, observer = pair
    case = make_case(post.store)
    apply(
        observer.store,
        preview(
            observer.store,
            open_bundle(
                observer.store,
                export_bundle(post.store, [post.other], defender_id=case.defender_id),
            ),
        ),
    )
    h = observer.store.get(Hearing, case.hearing_id)
    observer.store.update(replace(h, notes="first version"))
    older = export_bundle(observer.store, [observer.other])
    h = observer.store.get(Hearing, case.hearing_id)
    observer.store.update(replace(h, notes="second version"))
    newer = export_bundle(observer.store, [observer.other], defender_id=case.defender_id)
    return post, observer, case.hearing_id, older, newer


def test_an_older_bundle_after_a_newer_one_does_not_roll_back(pair) -> None:
    post, _observer, hearing_id, older, newer = _two_bundles(pair)
    apply(post.store, preview(post.store, open_bundle(post.store, newer)))
    assert post.store.get(Hearing, hearing_id).notes == "second version"
    version = post.store.get(Hearing, hearing_id).version
    late = preview(post.store, open_bundle(post.store, older))
    assert [i.status for i in late.items] == [OLDER]
    report = apply(post.store, late)
    assert report.written == 0
    assert post.store.get(Hearing, hearing_id).notes == "second version"
    assert post.store.get(Hearing, hearing_id).version == version


def test_bundles_in_order_apply_without_conflict(pair) -> None:
    post, _observer, hearing_id, older, newer = _two_bundles(pair)
    apply(post.store, preview(post.store, open_bundle(post.store, older)))
    assert post.store.get(Hearing, hearing_id).notes == "first version"
    prepared = preview(post.store, open_bundle(post.store, newer))
    assert [i.status for i in prepared.items if i.kind == "hearing"] == [CHANGED]
    apply(post.store, prepared)
    assert post.store.get(Hearing, hearing_id).notes == "second version"


def test_a_vault_changed_since_the_preview_refuses_the_apply(pair) -> None:
    post, _observer, hearing_id, _older, newer = _two_bundles(pair)
    prepared = preview(post.store, open_bundle(post.store, newer))
    h = post.store.get(Hearing, hearing_id)
    post.store.update(replace(h, judges="Changed meanwhile"))
    before = state(post.store)
    with pytest.raises(StaleRecord):
        apply(post.store, prepared)
    assert state(post.store) == before


def test_a_record_deleted_here_is_not_brought_back(pair) -> None:
    post, _observer, hearing_id, _older, newer = _two_bundles(pair)
    post.store.delete(Hearing, hearing_id)
    prepared = preview(post.store, open_bundle(post.store, newer))
    assert [i.status for i in prepared.items if i.kind == "hearing"] == [DELETED_HERE]
    apply(post.store, prepared)
    assert post.store.find(Hearing, hearing_id) is None


def test_the_sender_can_reopen_its_bundle_but_not_import_it(pair) -> None:
    post, _observer = pair
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    opened = open_bundle(post.store, data)
    assert opened.from_self and opened.sender_verified
    prepared = preview(post.store, opened)
    assert len(prepared.items) == 5
    count = audit_count(post.store)
    with pytest.raises(ImportRefused):
        apply(post.store, prepared)
    assert audit_count(post.store) == count


def test_identity_survives_reopening(tmp_path) -> None:
    side = open_side(tmp_path / "v", "me", "Post Z")
    fingerprint = side.identity.fingerprint
    side.vault.lock()
    from hrd_desk.cases.store import Store
    from hrd_desk.crypto.vault import open_vault
    from tests.conftest import PASSPHRASE

    with open_vault(tmp_path / "v", PASSPHRASE) as vault:
        identity = load_identity(Store.open(vault).conn)
        assert identity is not None and identity.fingerprint == fingerprint
