"""The case domain and its store: records, vocabularies, validation, search, audit. No Qt."""
