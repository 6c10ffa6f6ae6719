"""Vault-to-vault exchange without a server: identities, contacts and signed, encrypted bundles.

A subpackage of its own because it sits on top of both layers below it and belongs to neither:
``crypto`` knows nothing of records, and ``cases`` knows nothing of other vaults. Here a vault
gets a key pair (age X25519 to receive, Ed25519 to sign), keeps the public keys of the vaults
and headquarters it exchanges with, and turns a selection of records into a bundle that only
those contacts can open and that proves who made it; importing merges it by record id, all or
nothing, with conflicts left to the officer. Qt-free: the GUI and the CLI both call
:mod:`.identity`, :mod:`.contacts`, :mod:`.bundles` and :mod:`.merge`.

The format and the guarantees are in docs/security.md ("Exchange") and docs/cli.md.
"""
