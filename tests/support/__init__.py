"""Test helpers. Never shipped: the fast KDF profile lives only here."""
