"""Vocabularies: enumerations defined once, each value a stable id with a translatable label.

The value (``"journalist"``) is what the database, JSON exports and filters use; the label is
looked up in the current language at display time, so forms, lists, filters, validation messages
and PDFs all say the same thing. Record-specific vocabularies live beside their record type;
the ones shared by several records live here.
"""

from __future__ import annotations

import enum
from typing import Self

from hrd_desk.i18n import N_, NP_, ContextMessage, _, pgettext


class Vocab(str, enum.Enum):
    """Base of every vocabulary. Members are declared as ``NAME = "value", N_("Label")``."""

    msgid: str
    context: str | None

    def __new__(cls, value: str, label: str | ContextMessage) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        if isinstance(label, ContextMessage):
            obj.context, obj.msgid = label.context, label.msgid
        else:
            obj.context, obj.msgid = None, label
        return obj

    @property
    def label(self) -> str:
        if self.context:
            return pgettext(self.context, self.msgid)
        return _(self.msgid)

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: object) -> Self:
        """The member for *value* (a member or its stable id); ValueError otherwise."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        raise ValueError(value)

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class Confidentiality(Vocab):
    PUBLIC = "public", N_("Public")
    RESTRICTED = "restricted", N_("Restricted")
    CONFIDENTIAL = "confidential", N_("Confidential")
    STRICTLY_CONFIDENTIAL = "strictly_confidential", N_("Strictly confidential")


class SupportType(Vocab):
    """Needs in a request, support types of a grant (spec §2, §5)."""

    MEDICAL = "medical", N_("Medical")
    LEGAL = "legal_representation", N_("Legal representation")
    PRISON_VISITS = "prison_visits", N_("Prison visits")
    TRIAL_MONITORING = "trial_monitoring", N_("Trial monitoring")
    RELOCATION = "temporary_relocation", N_("Temporary relocation")
    SECURITY = "security", N_("Security")
    EQUIPMENT = "equipment_replacement", N_("Equipment replacement")
    DEPENDANTS = "dependants_support", N_("Dependants' support")
    PSYCHOSOCIAL = "psychosocial_care", N_("Psychosocial care")
    DIGITAL_SECURITY = "digital_security", N_("Digital security")
    COMMUNICATIONS = "communications", N_("Communications")
    OTHER = "other_urgent_costs", N_("Other urgent costs")


class PerpetratorType(Vocab):
    STATE_EXECUTIVE = "state_executive", N_("State: executive")
    STATE_POLICE = "state_police", N_("State: police")
    STATE_MILITARY = "state_military", N_("State: military")
    STATE_INTELLIGENCE = "state_intelligence", N_("State: intelligence")
    STATE_JUDICIARY = "state_judiciary", N_("State: judiciary")
    PRO_GOVERNMENT = "pro_government_forces", N_("Non-state: pro-government forces")
    ARMED_OPPOSITION = "armed_opposition", N_("Non-state: armed opposition")
    PRIVATE_SECURITY = "private_security", N_("Non-state: private security")
    MOB = "mob", N_("Non-state: mob")
    CORPORATION = "corporation", N_("Corporation")
    LANDOWNER = "landowner", N_("Landowner")
    COMMUNITY_FAMILY = "community_family", N_("Community or family")
    UNKNOWN = "unknown", N_("Unknown")


class Priority(Vocab):
    URGENT = "urgent", NP_("priority", "Urgent")
    HIGH = "high", NP_("priority", "High")
    NORMAL = "normal", NP_("priority", "Normal")
    LOW = "low", NP_("priority", "Low")


class RiskLevel(Vocab):
    LOW = "low", NP_("risk level", "Low")
    MEDIUM = "medium", NP_("risk level", "Medium")
    HIGH = "high", NP_("risk level", "High")
    CRITICAL = "critical", NP_("risk level", "Critical")

    @property
    def rank(self) -> int:
        return list(RiskLevel).index(self)


class ReferralTarget(Vocab):
    """Recipients of referrals, and the partners a consent may name (spec §8, §9)."""

    FRONT_LINE_DEFENDERS = "front_line_defenders", N_("Front Line Defenders")
    LIFELINE = "lifeline", N_("Lifeline")
    PROTECTDEFENDERS_EU = "protectdefenders_eu", N_("ProtectDefenders.eu partners")
    UN_SPECIAL_PROCEDURES = "un_special_procedures", N_("UN special procedures")
    EU_LOCAL_GROUP = "eu_local_group", N_("EU local group")
    LIKE_MINDED_MISSION = "like_minded_mission", N_("Like-minded mission")
    OTHER = "other", N_("Other")
