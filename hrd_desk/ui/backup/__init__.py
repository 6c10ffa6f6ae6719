"""Backup and restore in the app: the dialogs, and the Settings → Backups pane."""

from __future__ import annotations

from hrd_desk.i18n import N_
from hrd_desk.ui.sections import SectionRegistry

BACKUPS_PANE = "backups"


def register(registry: SectionRegistry) -> None:
    from hrd_desk.ui.backup.pane import BackupPane

    registry.register_settings_pane(BACKUPS_PANE, N_("Backups"), BackupPane)
