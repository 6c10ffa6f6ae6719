"""Redaction for summaries: what a pseudonymised document may not contain.

Under ``pseudonymise`` every field declared *identifying* (names, aliases, contacts, exact
places, identity documents, witnesses, case numbers, lawyers) is left out, and free text is
scrubbed of the defender's full name, aliases, name parts, exact locality and contact lines, which
officers inevitably type into notes. Special-category fields (declared *sensitive*) never go into
a summary. Under ``none`` identifying fields are included (consent must allow the full name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hrd_desk.cases import fields as F
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.sharing import RedactionLevel

WITHHELD = "[…]"
_SPLIT = re.compile(r"[,;\n]+")
#: Name particles too common to scrub on their own ("de", "al", "van"...).
_MIN_PART = 4


@dataclass
class Redactor:
    level: RedactionLevel
    pseudonym: str = ""
    _patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    @classmethod
    def for_defender(cls, defender: Defender, level: RedactionLevel) -> Redactor:
        redactor = cls(level, defender.pseudonym)
        if level == RedactionLevel.PSEUDONYMISE:
            names = [defender.full_name, *_SPLIT.split(defender.aliases)]
            parts = [p for n in names for p in re.split(r"[\s\-‐]+", n) if len(p) >= _MIN_PART]
            places = [defender.locality, *_SPLIT.split(defender.identity_documents)]
            contacts = [line for line in defender.contacts.splitlines()]
            # Longest first, so "Amal Haddad" goes before "Amal".
            for text, replacement in sorted(
                [(n, defender.pseudonym) for n in names + parts]
                + [(p, defender.region or WITHHELD) for p in places]
                + [(c, WITHHELD) for c in contacts],
                key=lambda pair: -len(pair[0].strip()),
            ):
                text = text.strip()
                if len(text) < 3 or text.casefold() == defender.pseudonym.casefold():
                    continue
                pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
                redactor._patterns.append((pattern, replacement))
        return redactor

    @property
    def pseudonymised(self) -> bool:
        return self.level == RedactionLevel.PSEUDONYMISE

    def allows(self, spec: F.FieldSpec) -> bool:
        if spec.sensitive:
            return False
        return not (spec.identifying and self.pseudonymised)

    def text(self, value: str) -> str:
        for pattern, replacement in self._patterns:
            value = pattern.sub(replacement, value)
        return value
