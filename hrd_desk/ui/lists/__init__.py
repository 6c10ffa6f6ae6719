"""Case lists (issue 6, item 3), the global search results (item 2), and "New …" records.

* Sections ``defenders``, ``requests``, ``grants`` and ``detention`` (hearings and prison visits):
  paged tables over ``Store.list`` (:mod:`.model`), filters, counts, preview, Enter opens.
* The search section ``search`` (outside the navigation) and the main window's search handler
  (:mod:`.search`).
* "New ▸ Request… / Incident… / Threat assessment… / Grant… / Prison visit… / Court case… /
  Hearing…": which defender? (:mod:`.chooser`), then the form with that defender fixed.
  "New ▸ Defender…" belongs to the defender workspace.
* Opening: :func:`.opening.open_defender` (the workspace's page for a defender) and
  :func:`.opening.ref_choices` (a defender's records for the link fields of a form).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hrd_desk.i18n import N_, _

if TYPE_CHECKING:
    from hrd_desk.ui.sections import SectionHost, SectionRegistry

#: kind → the New menu's entry (after the workspace's "Defender…").
NEW_RECORDS: tuple[tuple[str, str, str], ...] = (
    ("request", N_("Request…"), N_("New request: which defender is it for?")),
    ("incident", N_("Incident…"), N_("New incident: which defender did it affect?")),
    ("assessment", N_("Threat assessment…"), N_("New threat assessment: for which defender?")),
    ("grant", N_("Grant…"), N_("New grant: for which defender?")),
    ("prison_visit", N_("Prison visit…"), N_("New prison visit: which defender is detained?")),
    ("court_case", N_("Court case…"), N_("New court case: which defender is on trial?")),
    ("hearing", N_("Hearing…"), N_("New hearing: which defender's trial?")),
)


def new_record_action(kind: str, question: str) -> Callable[[SectionHost], object]:
    """A New menu handler: ask which defender, then open the new record's form."""

    def handler(host: SectionHost) -> object:
        from hrd_desk.ui.lists import opening
        from hrd_desk.ui.lists.chooser import DefenderChooser

        session = host.session
        window = host.window()
        chooser = DefenderChooser(session, _(question), window)
        chooser.setObjectName(f"chooser_{kind}")

        def chosen(defender_id: str) -> None:
            if session.closed:
                return

            def saved(_record: object) -> None:
                # The screen behind the form shows the new record: showing a section at its
                # own location reads it again (a list refreshes, a defender's page reloads).
                current = host.current_section_key()
                if current is None or session.closed:
                    return
                page = host.show_section(current)
                if page is not None and hasattr(page, "section_location"):
                    location = page.section_location()
                    if location is not None:
                        host.show_section(current, location)

            opening.new_record(window, session, kind, defender_id, on_saved=saved)

        chooser.chosen.connect(chosen)
        chooser.open()
        return chooser

    return handler


def new_defender(host: SectionHost) -> object:
    """ "New ▸ Defender…" when the defender workspace (which owns it) is not part of the app:
    the form with a retention review two years ahead."""
    from hrd_desk.cases.defenders import Defender, default_retention
    from hrd_desk.ui.lists import opening

    session = host.session
    record = Defender(retention_review_date=default_retention(session.store.today))
    current = host.current_section_key()

    def saved(_record: object) -> None:
        if current is not None and not session.closed:
            host.show_section(current)

    return opening.record_dialog(host.window(), session, record, on_saved=saved)


def register(registry: SectionRegistry) -> None:
    from hrd_desk.ui.lists import search
    from hrd_desk.ui.lists.sections import (
        defenders_section,
        detention_section,
        grants_section,
        requests_section,
    )
    from hrd_desk.ui.sections import DEFENDERS, DETENTION, GRANTS, REQUESTS

    registry.register_section(DEFENDERS, N_("Defenders"), defenders_section)
    registry.register_section(REQUESTS, N_("Requests"), requests_section)
    registry.register_section(GRANTS, N_("Grants"), grants_section)
    registry.register_section(DETENTION, N_("Detention & trials"), detention_section)
    registry.register_section(
        search.SEARCH, N_("Search results"), search.SearchSection, navigation=False
    )
    registry.register_search_handler(search.show_search_results)
    if not any(action.key == "defender" for action in registry.new_actions()):
        # The workspace registers its own (and replaces this one if it comes later).
        registry.register_new_action("defender", N_("Defender…"), new_defender)
    for kind, title, question in NEW_RECORDS:
        registry.register_new_action(kind, title, new_record_action(kind, question))
