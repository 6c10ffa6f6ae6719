"""The Settings section (registered over the placeholder of the same key)."""

from __future__ import annotations

from hrd_desk.i18n import N_
from hrd_desk.ui.sections import SETTINGS, SectionRegistry


def register(registry: SectionRegistry) -> None:
    from hrd_desk.ui.settings.section import SettingsSection

    registry.register_section(SETTINGS, N_("Settings"), SettingsSection)
