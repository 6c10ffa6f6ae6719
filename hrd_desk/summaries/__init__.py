"""Case summaries as PDFs: text shaping, page layout and encryption, without Qt.

A subpackage of its own because it holds two heavy, self-contained concerns the rest of the app
should not see: reportlab layout (fonts, Arabic shaping and bidi ordering, platypus flowables,
graphics) and PDF/age encryption of the result. ``hrd_desk.cases`` stays a domain and storage
layer that knows nothing of pages, and the GUI stays free of reportlab; the summary assembler
(records → flowables) sits on top of the building blocks here and is the only module that knows
both the domain records and this toolkit.

Modules:

* ``fonts`` — the bundled Noto fonts, registered with reportlab once; which font draws which
  character.
* ``text`` — untrusted, translated text → visual lines of font runs (cleaning, Arabic
  reshaping, wrapping, bidi reordering, right alignment); the ``TextBlock`` flowable.
* ``layout`` — the document skeleton: running header, "Page X of Y", headings, key–value blocks,
  tables, the risk matrix and the risk trend chart; built in memory only.
* ``glyphcheck`` — proves after the fact that every character drawn exists in its embedded font.
* ``encrypt`` — AES-256 (R6) PDF passwords, age envelopes, and the only functions that write a
  summary to disk.
* ``sample`` — a fictional multi-language document using every building block (tests, review).

Plaintext never touches the disk: PDFs are built in ``io.BytesIO``; ``encrypt.write_encrypted``
refuses anything that is not ciphertext; ``encrypt.write_plaintext`` exists only for the
explicit "export unencrypted" action.
"""
