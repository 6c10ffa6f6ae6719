"""The dashboard: what needs action, sorted by date, and the post at a glance."""

from __future__ import annotations

from hrd_desk.i18n import N_
from hrd_desk.ui.sections import DASHBOARD, SectionRegistry


def register(registry: SectionRegistry) -> None:
    from hrd_desk.ui.dashboard.section import DashboardSection

    registry.register_section(DASHBOARD, N_("Dashboard"), DashboardSection)
