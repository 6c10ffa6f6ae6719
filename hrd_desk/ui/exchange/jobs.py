"""The work of the exchange dialogs, run in workers on their own connection. Qt-free.

Sending asks the consent service first for a defender's file (as summaries do: the bundle
carries the whole file, names included, so the question is "may it go to headquarters, not
pseudonymised?"); a refusal stops it unless the officer confirmed sending anyway, which is then
written in the audit trail next to the export entries the bundle service makes. The bundle is
written inside the same transaction that records it as sent: a file that cannot be written
leaves the vault as it was ("since the last exchange" would otherwise skip those records).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from hrd_desk.cases.errors import Refused
from hrd_desk.cases.sharing import RecipientType, RedactionLevel, SharingDecision, may_share
from hrd_desk.crypto.atomic import write_atomic
from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.exchange.bundles import ExportedBundle, build_bundle, open_bundle
from hrd_desk.exchange.merge import ApplyReport, Preview, Resolution, apply, preview
from hrd_desk.i18n import _

#: Bundles larger than this are not read (a records-only bundle of a 10,000-case vault is far
#: smaller); a wrong file chosen by mistake must not fill the memory.
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


class BundleFileError(HrdDeskError):
    """The bundle file could not be read or written (the OS's reason, never file content)."""


def consent_decision(store, defender_id: str) -> SharingDecision:
    """May this defender's whole file (names included) go to another vault of ours?"""
    from hrd_desk.cases.store import _Context

    return may_share(
        _Context(store, None), defender_id, RecipientType.HEADQUARTERS, RedactionLevel.NONE
    )


def send_bundle(
    store,
    out: Path,
    to: Sequence[str],
    *,
    defender_id: str | None = None,
    allow_unverified: bool = False,
    send_despite_consent: bool = False,
    check: Callable[[], None] = lambda: None,
) -> ExportedBundle:
    """Build a bundle for the contacts *to* (a defender's file, or what they do not have yet
    when *defender_id* is None) and write it to *out*; all or nothing."""
    with store.transaction():
        decision = consent_decision(store, defender_id) if defender_id is not None else None
        refused = decision is not None and not decision.allowed
        if refused and not send_despite_consent:
            raise Refused(
                [_("The defender's consent does not allow sending this file."), *decision.reasons]
            )
        made = build_bundle(store, to, defender_id=defender_id, allow_unverified=allow_unverified)
        if refused:
            # Reasons stay out (they may quote dates); the officer's decision goes in.
            store.record_export(
                "defender",
                defender_id,
                what="bundle",
                detail={
                    "bundle": made.bundle_id,
                    "consent": "refused",
                    "sent_anyway": True,
                    "to": [c.fingerprint for c in made.recipients],
                },
            )
        check()  # a cancel here rolls everything back
        try:
            write_atomic(out, made.data)
        except OSError as exc:
            raise BundleFileError(
                _("The bundle could not be written to {path} ({reason}). Nothing was sent.").format(
                    path=out, reason=exc.strerror or type(exc).__name__
                )
            ) from exc
    return made


def read_bundle(
    store,
    path: Path,
    *,
    accept_unknown_sender: bool = False,
    check: Callable[[], None] = lambda: None,
) -> Preview:
    """Open the bundle file *path* and preview what importing it would do. Never writes."""
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleFileError(
                _("This file is too large to be an HRD Desk bundle. Nothing was imported.")
            )
        data = path.read_bytes()
    except OSError as exc:
        raise BundleFileError(
            _("The file {path} cannot be read ({reason}). Nothing was imported.").format(
                path=path, reason=exc.strerror or type(exc).__name__
            )
        ) from exc
    check()
    opened = open_bundle(store, data, accept_unknown_sender=accept_unknown_sender)
    return preview(store, opened)


def preview_again(store, previous: Preview) -> Preview:
    """A fresh preview of the same opened bundle (the vault changed since the first one)."""
    return preview(store, previous.bundle)


def apply_bundle(store, prepared: Preview, resolutions: Mapping[str, Resolution]) -> ApplyReport:
    return apply(store, prepared, resolutions)
