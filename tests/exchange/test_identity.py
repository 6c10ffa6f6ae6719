"""The vault's exchange identity, fingerprints, contact cards and the verified mark."""

from __future__ import annotations

import json
import re

import pytest

from hrd_desk.exchange import contacts
from hrd_desk.exchange.bundles import export_bundle
from hrd_desk.exchange.errors import (
    ContactNotVerified,
    FingerprintMismatch,
    InvalidContactCard,
    UnknownContact,
)
from hrd_desk.exchange.identity import (
    ContactCard,
    ensure_identity,
    fingerprint,
    normalise_fingerprint,
)
from tests.exchange.conftest import Side, make_case
from tests.support.files import files_containing

GROUPS = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


def test_identity_is_made_once_and_kept_inside_the_vault(post: Side) -> None:
    again = ensure_identity(post.store)
    assert again.fingerprint == post.identity.fingerprint
    assert GROUPS.match(post.identity.fingerprint)
    assert repr(post.identity) == f"<Identity {post.identity.fingerprint}>"
    secret = post.store.conn.execute("SELECT age_secret FROM exchange_identity").fetchone()[0]
    assert secret.startswith("AGE-SECRET-KEY-1")
    post.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Only in SQLCipher pages: no file of the vault holds the private key in clear.
    assert files_containing(post.folder, secret) == []
    assert files_containing(post.folder, secret.lower()) == []


def test_fingerprints_cover_both_keys(post: Side, observer: Side) -> None:
    a, b = post.identity, observer.identity
    assert a.fingerprint != b.fingerprint
    assert fingerprint(a.age_recipient, a.ed25519_public) == a.fingerprint
    assert fingerprint(a.age_recipient, b.ed25519_public) != a.fingerprint
    assert fingerprint(b.age_recipient, a.ed25519_public) != a.fingerprint


def test_typed_fingerprints_forgive_case_spaces_and_look_alikes() -> None:
    assert normalise_fingerprint("abcd efgh jkmn pqrs tvwx") == "ABCD-EFGH-JKMN-PQRS-TVWX"
    assert normalise_fingerprint("O1IL-0000-0000-0000-0000") == "0111-0000-0000-0000-0000"
    assert normalise_fingerprint("ABCD-EFGH-JKMN-PQRS-TVW") is None
    assert normalise_fingerprint("ABCD-EFGH-JKMN-PQRS-TVWU") is None  # no U in the alphabet
    assert normalise_fingerprint(None) is None


def test_card_round_trip_and_tampered_cards(post: Side) -> None:
    card = post.identity.card()
    text = card.to_text()
    assert ContactCard.parse(text) == card
    raw = json.loads(text)
    assert raw["fingerprint"] == post.identity.fingerprint
    assert raw["label"] == "Post A"
    assert "SECRET" not in text.upper()
    for key, value in (
        ("ed25519", "A" * 43 + "="),  # someone else's signing key under the same fingerprint
        ("age", "age1" + "q" * 58),
        ("fingerprint", "0000-0000-0000-0000-0000"),
        ("label", "two\nlines"),
        ("format", "something else"),
        ("extra", 1),
    ):
        with pytest.raises(InvalidContactCard):
            ContactCard.from_dict({**raw, key: value})
    for text_bad in ("", "{", "[]", "\xff"):
        with pytest.raises(InvalidContactCard):
            ContactCard.parse(text_bad)


def test_contacts_start_unverified_and_need_the_right_fingerprint(
    post: Side, observer: Side
) -> None:
    contact = contacts.add_contact(post.store, observer.identity.card().to_text())
    assert not contact.verified
    assert contacts.add_contact(post.store, observer.identity.card()) == contact  # idempotent
    case = make_case(post.store)
    with pytest.raises(ContactNotVerified):
        export_bundle(post.store, [contact.id], defender_id=case.defender_id)
    wrong = post.identity.fingerprint
    with pytest.raises(FingerprintMismatch):
        contacts.mark_verified(post.store, contact.id, wrong)
    assert not contacts.get_contact(post.store.conn, contact.id).verified
    typed = observer.identity.fingerprint.lower().replace("-", " ")
    verified = contacts.mark_verified(post.store, contact.id, typed)
    assert verified.verified
    assert export_bundle(post.store, [contact.id], defender_id=case.defender_id)
    # Named the ways a person would.
    for name in (contact.id, observer.identity.fingerprint, "trial OBSERVER laptop"):
        assert contacts.resolve_contact(post.store.conn, name).id == contact.id
    with pytest.raises(UnknownContact):
        contacts.resolve_contact(post.store.conn, "nobody")


def test_own_card_is_not_a_contact(post: Side) -> None:
    with pytest.raises(InvalidContactCard):
        contacts.add_contact(post.store, post.identity.card())
    assert contacts.list_contacts(post.store.conn) == []


def test_unverified_contacts_only_with_explicit_permission(post: Side, observer: Side) -> None:
    contact = contacts.add_contact(post.store, observer.identity.card())
    case = make_case(post.store)
    assert export_bundle(
        post.store, [contact.id], defender_id=case.defender_id, allow_unverified=True
    )
