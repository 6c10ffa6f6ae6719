"""Toolbar actions other modules add to the defender workspace, e.g. "Send to a contact…" from
:mod:`hrd_desk.ui.exchange`. The workspace stays free of them: it shows, after "Case summary…"
and before "Purge…", every action registered here by a module's ``register(registry)``.

A handler gets the workspace (its ``session``, its ``defender_id``, and itself as the parent of
any dialog it opens with ``open()``); it must do nothing when no defender is open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrd_desk.ui.workspace.section import DefenderWorkspace


@dataclass(frozen=True)
class WorkspaceAction:
    key: str
    #: msgid marked with ``N_``; translated when the toolbar is built
    text: str
    handler: Callable[[DefenderWorkspace], object]
    #: msgid, or ""
    tooltip: str = ""


#: key → action, in the order registered (registering a key again replaces it in place).
EXTRA_ACTIONS: dict[str, WorkspaceAction] = {}


def register_workspace_action(
    key: str, text: str, handler: Callable[[DefenderWorkspace], object], *, tooltip: str = ""
) -> None:
    EXTRA_ACTIONS[key] = WorkspaceAction(key, text, handler, tooltip)
