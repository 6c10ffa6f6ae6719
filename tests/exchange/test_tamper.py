"""A changed, cut or extended bundle is refused with the failure named, and the receiving vault
is unchanged: every record, the audit trail, the exchange tables."""

from __future__ import annotations

import json
import random

import pytest

from hrd_desk.exchange import framing
from hrd_desk.exchange.bundles import export_bundle, open_bundle
from hrd_desk.exchange.errors import BadSignature, BundleCorrupt, NotForThisVault
from hrd_desk.exchange.merge import apply, preview
from tests.exchange.conftest import Side, make_case, refresh_checksum, reseal, state

SAMPLES = 200
HEAD = len(framing.MAGIC) + 2 + 8


@pytest.fixture
def sent(pair) -> tuple[Side, Side, bytes]:
    post, observer = pair
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    return post, observer, data


def _positions(n: int) -> list[int]:
    """Every byte of the frame's head and the checksum, plus a sample of the rest."""
    rng = random.Random(9)
    edges = set(range(HEAD)) | set(range(n - framing.CHECKSUM_BYTES, n))
    return sorted(edges | set(rng.sample(range(n), min(SAMPLES, n))))


def _refused(store, data: bytes, expected=BundleCorrupt) -> Exception:
    changes = store.conn.total_changes
    with pytest.raises(expected) as err:
        open_bundle(store, data)
    assert store.conn.total_changes == changes
    return err.value


def test_every_flipped_byte_is_refused_and_named(sent) -> None:
    _post, observer, data = sent
    before = state(observer.store)
    kinds = {}
    for pos in _positions(len(data)):
        bad = bytearray(data)
        bad[pos] ^= 0x41
        err = _refused(observer.store, bytes(bad))
        kinds[pos] = err.kind
        assert err.message == BundleCorrupt(err.kind).message or "newer version" in err.message
    assert state(observer.store) == before
    # The failure is named for where the byte was: the magic and version are the format, the
    # length announces another end, anything after that fails the checksum.
    for pos, kind in kinds.items():
        if pos < len(framing.MAGIC) + 2:
            assert kind == BundleCorrupt.FORMAT, pos
        elif pos < HEAD:
            assert kind in (BundleCorrupt.FORMAT, BundleCorrupt.TRUNCATED, BundleCorrupt.TRAILING)
        else:
            assert kind == BundleCorrupt.CHECKSUM, pos
    assert len([p for p in kinds if p >= HEAD]) >= SAMPLES
    assert "checksum" in BundleCorrupt(BundleCorrupt.CHECKSUM).message


def test_changes_behind_a_recomputed_checksum_fail_decryption(sent) -> None:
    """Someone who changes the bundle on purpose fixes the checksum: age's authentication
    (header MAC, a Poly1305 tag per chunk) still refuses it."""
    _post, observer, data = sent
    before = state(observer.store)
    rng = random.Random(4)
    payload_end = len(data) - framing.CHECKSUM_BYTES
    age_header_end = data.index(b"\n---", HEAD) + 4
    for pos in sorted(rng.sample(range(HEAD, payload_end), SAMPLES)):
        bad = bytearray(data)
        bad[pos] ^= 0x01
        expected = (BundleCorrupt, NotForThisVault) if pos < age_header_end else BundleCorrupt
        err = _refused(observer.store, refresh_checksum(bytes(bad)), expected)
        if isinstance(err, BundleCorrupt):
            assert err.kind == BundleCorrupt.DECRYPTION, pos
            assert "decryption" in err.message
    assert state(observer.store) == before


def test_truncated_and_extended_bundles_are_refused(sent) -> None:
    _post, observer, data = sent
    before = state(observer.store)
    rng = random.Random(5)
    for n in sorted({1, 15, 16, HEAD, len(data) - 1, *rng.sample(range(len(data)), 100)}):
        err = _refused(observer.store, data[:n])
        assert err.kind == BundleCorrupt.TRUNCATED, n
        assert "truncated" in err.message
    assert _refused(observer.store, b"").kind == BundleCorrupt.FORMAT
    for extra in (b"\x00", b"more data", bytes(4096)):
        err = _refused(observer.store, data + extra)
        assert err.kind == BundleCorrupt.TRAILING
        assert "extra data" in err.message
    assert _refused(observer.store, b"not a bundle at all").kind == BundleCorrupt.FORMAT
    newer = bytearray(data)
    newer[len(framing.MAGIC) + 1] = 2
    assert "newer version" in _refused(observer.store, bytes(newer)).message
    assert state(observer.store) == before


def _unsealed(post: Side, data: bytes) -> tuple[bytes, bytes]:
    return framing.unseal(data, post.identity)


def test_changed_content_with_the_old_signature_is_refused(sent) -> None:
    """Anyone can encrypt to the observer; no one but the post can sign as the post."""
    post, observer, data = sent
    body, signature = _unsealed(post, data)
    forged = body.replace(b"Panel of three", b"Panel of four")
    assert forged != body
    before = state(observer.store)
    bad = reseal(forged, signature, [observer.identity.age_recipient])
    err = _refused(observer.store, bad, BadSignature)
    assert "signature" in err.message
    # Signed with another vault's key while naming the post as sender: refused the same way.
    resigned = observer.identity.sign(framing.signed_message(forged))
    impostor = reseal(forged, resigned, [observer.identity.age_recipient])
    _refused(observer.store, impostor, BadSignature)
    assert state(observer.store) == before


def test_a_recipient_cannot_forward_a_bundle_as_if_it_were_addressed_on(
    sent, stranger: Side
) -> None:
    """The observer re-encrypts the post's signed bundle to a third vault: the signed recipient
    list does not name that vault, so it refuses."""
    post, observer, data = sent
    from hrd_desk.exchange import contacts

    contacts.mark_verified(
        stranger.store,
        contacts.add_contact(stranger.store, post.identity.card()).id,
        post.identity.fingerprint,
    )
    body, signature = framing.unseal(data, observer.identity)
    before = state(stranger.store)
    forwarded = reseal(body, signature, [stranger.identity.age_recipient])
    err = _refused(stranger.store, forwarded, NotForThisVault)
    assert err.forwarded and "passed it on" in err.message
    assert state(stranger.store) == before


def test_signed_garbage_from_a_contact_is_content_corruption(sent) -> None:
    post, observer, _data = sent
    before = state(observer.store)
    for body in (b"", b"\xff\xfe", b"[]", b"{}", json.dumps({"format": 1}).encode()):
        sig = post.identity.sign(framing.signed_message(body))
        bad = reseal(body, sig, [observer.identity.age_recipient])
        assert _refused(observer.store, bad).kind == BundleCorrupt.CONTENT
    assert state(observer.store) == before


def test_the_untouched_bundle_imports(sent) -> None:
    # The refusals above come from the changes, not from the bundle.
    _post, observer, data = sent
    report = apply(observer.store, preview(observer.store, open_bundle(observer.store, data)))
    assert report.written == 5
