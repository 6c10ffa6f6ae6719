"""Fuzzing the bundle reader: damaged, made-up or maliciously signed bundles raise only the
documented errors, never anything else, and never write to the vault."""

from __future__ import annotations

import contextlib
import json
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hrd_desk.cases.records_json import ImportRefused
from hrd_desk.exchange import framing
from hrd_desk.exchange.bundles import export_bundle, open_bundle
from hrd_desk.exchange.errors import (
    AlreadyImported,
    BadSignature,
    BundleCorrupt,
    NotForThisVault,
    UnknownSender,
)
from hrd_desk.exchange.merge import preview
from tests.exchange.conftest import introduce, make_case, open_side, refresh_checksum, reseal, state
from tests.support import fastkdf

DOCUMENTED = (
    BundleCorrupt,
    NotForThisVault,
    UnknownSender,
    BadSignature,
    AlreadyImported,
    ImportRefused,
)
FUZZ = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Sample:
    def __init__(self, folder: Path) -> None:
        fastkdf.install()  # module fixtures run before the autouse one
        self.post = open_side(folder / "post", "officer", "Post A")
        self.observer = open_side(folder / "observer", "observer", "Observer")
        introduce(self.post, self.observer)
        case = make_case(self.post.store)
        self.data = export_bundle(self.post.store, [self.post.other], defender_id=case.defender_id)
        self.body, self.signature = framing.unseal(self.data, self.observer.identity)
        self.raw = json.loads(self.body)
        self.store = self.observer.store
        self.before = state(self.store)

    def refused(self, data: bytes) -> Exception:
        changes = self.store.conn.total_changes
        with pytest.raises(DOCUMENTED) as caught:
            preview(self.store, open_bundle(self.store, data))
        assert self.store.conn.total_changes == changes
        return caught.value

    def opened_or_refused(self, data: bytes) -> None:
        """For bundles the real sender signed: they may be valid; either way, no write."""
        changes = self.store.conn.total_changes
        with contextlib.suppress(DOCUMENTED):
            preview(self.store, open_bundle(self.store, data))
        assert self.store.conn.total_changes == changes

    def close(self) -> None:
        self.post.vault.lock()
        self.observer.vault.lock()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    made = Sample(tmp_path_factory.mktemp("bundle-fuzz"))
    yield made
    made.close()


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    n = len(data)
    kind = draw(st.sampled_from(["flip", "flips", "truncate", "append", "splice", "insert"]))
    buf = bytearray(data)
    if kind == "flip":
        # Bias towards the frame's head, where the parser has the most branches.
        pos = draw(st.one_of(st.integers(0, 40), st.integers(0, n - 1)))
        buf[pos] ^= draw(st.integers(1, 255))
    elif kind == "flips":
        for pos in draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=8)):
            buf[pos] ^= draw(st.integers(1, 255))
    elif kind == "truncate":
        del buf[draw(st.integers(0, n - 1)) :]
    elif kind == "append":
        buf += draw(st.binary(min_size=1, max_size=300))
    elif kind == "splice":
        start = draw(st.integers(0, n - 1))
        buf[start : start + draw(st.integers(1, 64))] = draw(st.binary(max_size=64))
    else:
        pos = draw(st.integers(0, n))
        buf[pos:pos] = draw(st.binary(min_size=1, max_size=64))
    out = bytes(buf)
    if draw(st.booleans()) and len(out) > framing.CHECKSUM_BYTES:
        # What a deliberate change looks like: the checksum recomputed.
        out = refresh_checksum(out)
    return out


@FUZZ
@given(choice=st.data())
def test_mutated_bundles_only_raise_documented_errors(sample: Sample, choice) -> None:
    data = choice.draw(mutated(sample.data))
    assume(data != sample.data)
    sample.refused(data)


@FUZZ
@given(
    prefix=st.sampled_from(
        [b"", framing.MAGIC, framing.MAGIC + b"\x00\x01", b"age-encryption.org/v1\n"]
    ),
    tail=st.binary(max_size=1024),
    frame=st.booleans(),
)
def test_random_bytes_only_raise_documented_errors(
    sample: Sample, prefix: bytes, tail: bytes, frame: bool
) -> None:
    if frame and tail:
        # A well-framed file with a correct checksum around random or age-looking bytes.
        import hashlib

        head = framing.MAGIC + struct.pack(">HQ", framing.VERSION, len(prefix + tail))
        framed = head + prefix + tail
        data = framed + hashlib.sha256(framed).digest()
    else:
        data = prefix + tail
    err = sample.refused(data)
    assert isinstance(err, BundleCorrupt | NotForThisVault)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@st.composite
def signed_bodies(draw: st.DrawFn, raw: dict) -> dict:
    """The real body with parts replaced, re-signed by the real sender: the checks *after* the
    signature, which only a contact gone bad (or a bug) can reach."""
    body = json.loads(json.dumps(raw))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["top", "records", "record", "versions", "sender"]))
        section = body.get("records")
        if where == "top":
            body[draw(st.sampled_from([*body, "extra"]))] = draw(JSON)
        elif where == "records" and isinstance(section, dict):
            section[draw(st.sampled_from([*section, "unknown_kind"]))] = draw(JSON)
        elif where == "record" and isinstance(section, dict):
            entries = [
                e for v in section.values() if isinstance(v, list) for e in v if isinstance(e, dict)
            ]
            if entries:
                entry = draw(st.sampled_from(entries))
                if entry:
                    entry[draw(st.sampled_from(sorted(entry)))] = draw(JSON)
        elif where == "versions" and isinstance(body.get("versions"), dict) and body["versions"]:
            key = draw(st.sampled_from(sorted(body["versions"])))
            body["versions"][key] = draw(JSON)
        elif where == "sender" and isinstance(body.get("sender"), dict) and body["sender"]:
            body["sender"][draw(st.sampled_from(sorted(body["sender"])))] = draw(JSON)
    return body


@FUZZ
@given(choice=st.data())
def test_signed_made_up_content_only_raises_documented_errors(sample: Sample, choice) -> None:
    body = choice.draw(signed_bodies(sample.raw))
    assume(body != sample.raw)
    text = json.dumps(body, ensure_ascii=False).encode()
    signature = sample.post.identity.sign(framing.signed_message(text))
    sample.opened_or_refused(reseal(text, signature, [sample.observer.identity.age_recipient]))


def test_nothing_was_written_and_the_sample_opens(sample: Sample) -> None:
    # Runs after the fuzzing above (same module, file order).
    assert state(sample.store) == sample.before
    prepared = preview(sample.store, open_bundle(sample.store, sample.data))
    assert len(prepared.items) == 5
