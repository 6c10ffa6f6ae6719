"""Forms for every record type, built from the field declarations of ``hrd_desk.cases``.

One generic form serves every record kind: the widget for each field follows its declared kind
(date picker, currency selector, checkable vocabulary list, checklist grid, money field that
reads the locale's digits and separators), and the store's validation messages are shown under
the offending field. Kind-specific touches (grouping, a live risk matrix) are small layouts in
:mod:`.layouts`, not separate forms.
"""
