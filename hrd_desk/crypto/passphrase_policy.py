"""How good is a new passphrase? One policy for the CLI and the create-vault wizard."""

from __future__ import annotations

from dataclasses import dataclass, field

from hrd_desk.i18n import N_, _

MIN_LENGTH = 8
#: zxcvbn scores 0–4; below this we warn (the wizard shows it in red).
GOOD_SCORE = 3

_STRENGTH = (N_("very weak"), N_("weak"), N_("fair"), N_("strong"), N_("very strong"))


@dataclass
class Assessment:
    score: int
    acceptable: bool
    problems: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return _(_STRENGTH[self.score])

    @property
    def good(self) -> bool:
        return self.acceptable and self.score >= GOOD_SCORE


def assess(passphrase: str, user_inputs: list[str] | None = None) -> Assessment:
    # zxcvbn's cost grows with length; its verdict does not change past ~100 characters.
    from zxcvbn import zxcvbn

    score = (
        int(zxcvbn(passphrase[:100], user_inputs=user_inputs or [])["score"]) if passphrase else 0
    )
    problems = []
    if len(passphrase) < MIN_LENGTH:
        problems.append(_("The passphrase must have at least {n} characters.").format(n=MIN_LENGTH))
    if passphrase != passphrase.strip():
        problems.append(_("The passphrase must not start or end with a space."))
    hints = []
    if score < GOOD_SCORE:
        hints.append(_("Easy to guess. Use four or more unrelated words, or a longer sentence."))
    return Assessment(score=score, acceptable=not problems, problems=problems, hints=hints)
