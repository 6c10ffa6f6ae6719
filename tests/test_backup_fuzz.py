"""Fuzzing the backup reader: damaged or made-up files raise only the documented errors
(BackupCorrupt, WrongPassphrase), never anything else, and never write a thing."""

from __future__ import annotations

import io
import json
import shutil
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hrd_desk.cases.schema import migrate
from hrd_desk.crypto import backup, errors
from hrd_desk.crypto.backup import create_backup, restore_backup
from hrd_desk.crypto.vault import create_vault
from tests.conftest import PASSPHRASE
from tests.support import fastkdf

DOCUMENTED = (errors.BackupCorrupt, errors.WrongPassphrase)
FUZZ = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Sample:
    def __init__(self, folder: Path) -> None:
        fastkdf.install()  # module fixtures run before the autouse one
        vault, self.recovery_key = create_vault(folder / "src", PASSPHRASE, params=fastkdf.FAST)
        with vault:
            migrate(vault.connection)
            vault.connection.execute("CREATE TABLE t(x TEXT, b BLOB)")
            vault.connection.execute("INSERT INTO t VALUES ('Amal', randomblob(3000))")
            self.path = create_backup(vault, folder / "b.hrdbackup", chunk_bytes=512).path
        self.data = self.path.read_bytes()
        parsed = backup._parse(io.BytesIO(self.data))
        self.body = parsed.body_offset
        self.sealed = parsed.chunk_bytes + backup.TAG_BYTES
        self.chunks = parsed.chunks
        self.meta = parsed.meta
        self.key_header = parsed.key_header
        self.work = folder / "work"
        self.work.mkdir()
        self.count = 0

    def refused(self, data: bytes, *, passphrase: bool = False) -> Exception:
        """Restore *data*; it must fail with a documented error and leave no trace."""
        self.count += 1
        case = self.work / f"case{self.count}"
        case.mkdir()
        bad = case / "bad.hrdbackup"
        bad.write_bytes(data)
        target = case / "restored"
        secret = {"passphrase": PASSPHRASE} if passphrase else {"recovery_key": self.recovery_key}
        try:
            with pytest.raises(DOCUMENTED) as caught:
                restore_backup(bad, target, **secret)
            assert not target.exists()
            assert sorted(p.name for p in case.iterdir()) == ["bad.hrdbackup"]
        finally:
            shutil.rmtree(case)
        return caught.value


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    made = Sample(tmp_path_factory.mktemp("fuzz"))
    assert made.chunks >= 20
    return made


# --- mutations of a real backup ----------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, data: bytes, body: int, sealed: int, chunks: int) -> bytes:
    n = len(data)
    kind = draw(
        st.sampled_from(
            ["flip", "flips", "truncate", "append", "splice", "insert", "delete", "chunks"]
        )
    )
    buf = bytearray(data)
    if kind == "flip":
        # Bias towards the header, where the parser has the most branches.
        pos = draw(st.one_of(st.integers(0, min(body, n) - 1), st.integers(0, n - 1)))
        buf[pos] ^= draw(st.integers(1, 255))
    elif kind == "flips":
        for pos in draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=8)):
            buf[pos] ^= draw(st.integers(1, 255))
    elif kind == "truncate":
        del buf[draw(st.integers(0, n - 1)) :]
    elif kind == "append":
        buf += draw(st.binary(min_size=1, max_size=600))
    elif kind == "splice":
        start = draw(st.integers(0, n - 1))
        length = draw(st.integers(1, 64))
        buf[start : start + length] = draw(st.binary(min_size=0, max_size=64))
    elif kind == "insert":
        pos = draw(st.integers(0, n))
        buf[pos:pos] = draw(st.binary(min_size=1, max_size=64))
    elif kind == "delete":
        start = draw(st.integers(0, n - 1))
        del buf[start : start + draw(st.integers(1, 64))]
    else:
        parts = [data[body + i * sealed : body + (i + 1) * sealed] for i in range(chunks)]
        order = draw(st.permutations(range(chunks)))
        keep = draw(st.integers(1, chunks + 2))
        picked = [parts[i % chunks] for i in (list(order) * 2)[:keep]]
        buf = bytearray(data[:body] + b"".join(picked))
    return bytes(buf)


@FUZZ
@given(choice=st.data(), passphrase=st.booleans())
def test_mutated_backups_only_raise_documented_errors(
    sample: Sample, choice: st.DataObject, passphrase: bool
) -> None:
    data = choice.draw(mutated(sample.data, sample.body, sample.sealed, sample.chunks))
    assume(data != sample.data)
    sample.refused(data, passphrase=passphrase)


# --- files made up from scratch ----------------------------------------------------------------


def _frame(meta_body: bytes, key_header: bytes, rest: bytes, version: int = 1) -> bytes:
    return (
        backup.MAGIC
        + struct.pack(">H", version)
        + struct.pack(">I", len(meta_body))
        + meta_body
        + struct.pack(">I", len(key_header))
        + key_header
        + rest
    )


@FUZZ
@given(
    prefix=st.sampled_from([b"", backup.MAGIC, backup.MAGIC + b"\x00\x01"]),
    tail=st.binary(max_size=2048),
)
def test_random_bytes_only_raise_documented_errors(
    sample: Sample, prefix: bytes, tail: bytes
) -> None:
    err = sample.refused(prefix + tail)
    assert isinstance(err, errors.BackupCorrupt)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@FUZZ
@given(
    changes=st.dictionaries(
        st.sampled_from(
            [
                "format",
                "version",
                "vault_id",
                "created_at",
                "schema_version",
                "db_bytes",
                "chunk_bytes",
                "chunks",
                "cipher",
                "kdf",
                "salt",
                "nonce_prefix",
                "extra",
            ]
        ),
        JSON_VALUES | st.integers(0, 70_000),
        min_size=1,
        max_size=4,
    ),
    version=st.sampled_from([1, 1, 1, 0, 2, 65535]),
    mac=st.sampled_from(["original", "zero", "none"]),
)
def test_made_up_headers_only_raise_documented_errors(
    sample: Sample, changes: dict, version: int, mac: str
) -> None:
    """Well-formed frames whose metadata the fuzzer chose: the checks of every field."""
    meta = {**sample.meta, **changes}
    assume(meta != sample.meta or version != 1)
    body = json.dumps(meta, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
    rest = sample.data[sample.body - backup.MAC_BYTES :]
    if mac == "zero":
        rest = bytes(backup.MAC_BYTES) + rest[backup.MAC_BYTES :]
    elif mac == "none":
        rest = rest[backup.MAC_BYTES :]
    err = sample.refused(_frame(body, sample.key_header, rest, version))
    assert isinstance(err, errors.BackupCorrupt)


def test_the_sample_itself_restores(sample: Sample, tmp_path: Path) -> None:
    # The fuzzed file is a good backup: the failures above come from the mutations.
    report = restore_backup(sample.path, tmp_path / "r", recovery_key=sample.recovery_key)
    assert report.tables["t"] == 1
