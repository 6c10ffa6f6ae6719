"""``make bench`` / ``python -m hrd_desk.bench``: HRD Desk against the physical limit (issue 10).

Builds (or reuses, under ``bench/cache/``) a demo vault of 10,000 fictional defenders, measures
the operations an officer waits for — unlock to the first list page, list sorts and filters,
scrolling, full-text search, a defender's workspace, a case summary PDF, a backup, an import and
the GUI's memory and longest stall — and runs the same SQL statements on raw ``sqlcipher3`` (the
vault, no app code) and on a plaintext copy (no encryption), so every ratio says where the time
goes: our Python, or the encryption, or SQLite itself.

Nothing here is imported by the app. Only fictional demo data is used, and the plaintext copy
lives in a private temporary folder that is deleted before the run ends.
"""
