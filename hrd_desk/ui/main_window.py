"""The main window: navigation, global search, New menu, lock button, status bar.

Sections come from the :class:`~hrd_desk.ui.sections.SectionRegistry` and are built the first
time they are shown. The window title is the app's name only: a title is visible in task bars,
window switchers and screen recordings, so it never names a defender or a vault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import settings as vault_settings
from hrd_desk.i18n import _, isolate, ngettext
from hrd_desk.ui.sections import SectionRegistry
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import mark_data

APP_NAME = "HRD Desk"
SEARCH_DEBOUNCE_MS = 250
_KEY_ROLE = Qt.ItemDataRole.UserRole


def app_title() -> str:
    # Translators: the product name, in window titles; keep it or transliterate it.
    return _("HRD Desk")


def backup_age_text(iso: str | None, now: datetime | None = None) -> str:
    """ "never", "today", "yesterday", "3 days ago" for the ``last_backup_at`` setting."""
    if not iso:
        return _("never")
    try:
        when = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return _("unknown")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    days = (now.date() - when.astimezone(UTC).date()).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def countdown_text(ms: int) -> str:
    seconds = max(0, (ms + 999) // 1000)
    return isolate(f"{seconds // 60}:{seconds % 60:02d}")


class MainWindow(QMainWindow):
    #: The officer typed in the global search field (debounced), or pressed Enter.
    searchRequested = Signal(str)
    #: Ctrl+L or the lock button.
    lockRequested = Signal()
    #: The visible section changed (its key).
    sectionChanged = Signal(str)

    def __init__(
        self,
        session: Session,
        registry: SectionRegistry,
        *,
        lock_remaining_ms: Callable[[], int] | None = None,
        search_debounce_ms: int = SEARCH_DEBOUNCE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.registry = registry
        self._lock_remaining_ms = lock_remaining_ms
        self._pages: dict[str, QWidget] = {}
        self._current: str | None = None
        self.setWindowTitle(app_title())
        self.setObjectName("mainWindow")

        self.nav = self._build_navigation()
        self.search = QLineEdit()
        self.search.setObjectName("globalSearch")
        self.search.setPlaceholderText(_("Search all records… (Ctrl+F)"))
        self.search.setAccessibleName(_("Search all records"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(_("New"))
        self.new_button.setAccessibleName(_("Create a new record"))
        self.new_button.setToolTip(_("Create a new record (Ctrl+N)"))
        self.new_menu = self._build_new_menu()
        self.new_button.setMenu(self.new_menu)
        self.lock_button = QPushButton(_("Lock"))
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setAccessibleName(_("Lock the vault"))
        self.lock_button.setToolTip(_("Lock the vault now (Ctrl+L)"))
        self.lock_button.setAutoDefault(False)
        icon = QIcon.fromTheme(QIcon.ThemeIcon.SystemLockScreen)
        if not icon.isNull():
            self.lock_button.setIcon(icon)
        self.lock_button.clicked.connect(self.lockRequested)
        self.stack = QStackedWidget()
        self.stack.setObjectName("sectionStack")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.lock_button)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.stack, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        central = QWidget()
        body = QHBoxLayout(central)
        body.setContentsMargins(6, 6, 6, 6)
        body.addWidget(self.nav)
        body.addWidget(line)
        body.addLayout(right, 1)
        self.setCentralWidget(central)

        self.vault_label = mark_data(QLabel())
        self.lock_label = QLabel()
        self.backup_label = QLabel()
        for label in (self.vault_label, self.lock_label, self.backup_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        bar.addWidget(self.vault_label)
        bar.addWidget(self._separator())
        bar.addWidget(self.lock_label)
        bar.addWidget(self._separator())
        bar.addWidget(self.backup_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(search_debounce_ms)
        self._debounce.timeout.connect(self._emit_search)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._emit_search)
        for handler in registry.search_handlers():
            self.searchRequested.connect(lambda text, h=handler: h(self, text))

        self._add_shortcuts()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_countdown)
        self._tick.start()
        session.vaultSettingChanged.connect(self._on_setting_changed)
        self.refresh_status()
        self.setTabOrder(self.search, self.new_button)
        self.setTabOrder(self.new_button, self.lock_button)
        self.setTabOrder(self.lock_button, self.nav)
        first = registry.navigation()
        if first:
            self.show_section(first[0].key)
        self.resize(1000, 680)

    # -- building -----------------------------------------------------------------------------
    def _build_navigation(self) -> QListWidget:
        nav = QListWidget()
        nav.setObjectName("navigation")
        nav.setAccessibleName(_("Sections"))
        nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav.setFrameShape(QFrame.Shape.NoFrame)
        nav.setSpacing(1)
        nav.setStyleSheet("QListWidget#navigation::item { padding: 5px 8px; }")
        for spec in self.registry.navigation():
            item = QListWidgetItem(_(spec.title))
            item.setData(_KEY_ROLE, spec.key)
            nav.addItem(item)
        nav.setFixedWidth(max(150, nav.sizeHintForColumn(0) + 32))
        nav.currentItemChanged.connect(self._on_nav_changed)
        nav.itemClicked.connect(self._on_nav_item)
        nav.itemActivated.connect(self._on_nav_item)
        return nav

    def _build_new_menu(self) -> QMenu:
        menu = QMenu(self.new_button)
        actions = self.registry.new_actions()
        for spec in actions:
            action = menu.addAction(_(spec.title))
            action.triggered.connect(lambda _checked=False, s=spec: s.handler(self))
        if not actions:
            empty = menu.addAction(_("Nothing to create here yet"))
            empty.setEnabled(False)
        return menu

    def _separator(self) -> QLabel:
        return QLabel("·")

    def _add_shortcuts(self) -> None:
        def add(sequence: QKeySequence | str, slot: Callable[..., None], name: str) -> QAction:
            action = QAction(name, self)
            action.setShortcut(QKeySequence(sequence))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        self.find_action = add(QKeySequence.StandardKey.Find, self.focus_search, _("Search"))
        self.new_action = add(QKeySequence.StandardKey.New, self.open_new_menu, _("New"))
        # Ctrl+L is not a window shortcut: it must work in dialogs too (IdleWatcher.quickLock).
        for index, spec in enumerate(self.registry.navigation()[:9], start=1):
            add(
                f"Ctrl+{index}",
                lambda _checked=False, key=spec.key: self.show_section(key),
                _(spec.title),
            )

    # -- sections -----------------------------------------------------------------------------
    def current_section_key(self) -> str | None:
        return self._current

    def current_section(self) -> QWidget | None:
        return self._pages.get(self._current) if self._current else None

    def section_widget(self, key: str) -> QWidget | None:
        return self._pages.get(key)

    def show_section(self, key: str, location: object | None = None) -> QWidget | None:
        spec = self.registry.section(key)
        if spec is None:
            return None
        page = self._pages.get(key)
        if page is None:
            page = spec.factory(self.session)
            page.setObjectName(f"section_{key}")
            self._pages[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        changed = key != self._current
        self._current = key
        self._select_nav(key)
        if location is not None and hasattr(page, "restore_section_location"):
            page.restore_section_location(location)
        if hasattr(page, "section_shown"):
            page.section_shown()
        if changed:
            self.sectionChanged.emit(key)
        return page

    def _select_nav(self, key: str) -> None:
        rows = [r for r in range(self.nav.count()) if self.nav.item(r).data(_KEY_ROLE) == key]
        self.nav.blockSignals(True)
        try:
            if rows:
                self.nav.setCurrentRow(rows[0])
            else:
                # A screen outside the navigation (a defender's page): nothing is highlighted,
                # but the list keeps a current row — without one, the list would pick its
                # first row the moment it gets focus and leave the screen.
                if self.nav.currentRow() < 0 and self.nav.count():
                    self.nav.setCurrentRow(0)
                self.nav.clearSelection()
        finally:
            self.nav.blockSignals(False)

    def _on_nav_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_section(item.data(_KEY_ROLE))

    def _on_nav_item(self, item: QListWidgetItem) -> None:
        # Clicking (or Enter on) the current row goes back to it from an outside screen.
        self.show_section(item.data(_KEY_ROLE))

    def location(self) -> tuple[str | None, object | None]:
        """Where the officer is: the section key and that section's own opaque location."""
        page = self.current_section()
        loc = (
            page.section_location()
            if page is not None and hasattr(page, "section_location")
            else None
        )
        return self._current, loc

    def restore_location(self, key: str | None, location: object | None) -> None:
        if key is not None and self.registry.section(key) is not None:
            self.show_section(key, location)

    def close_sections(self) -> None:
        """Tell every built section the vault is about to lock."""
        for page in self._pages.values():
            if hasattr(page, "close_section"):
                page.close_section()

    # -- search and New -----------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _emit_search(self) -> None:
        self._debounce.stop()
        self.searchRequested.emit(self.search.text().strip())

    def open_new_menu(self) -> None:
        # popup(), not exec(): a lock may close the menu at any moment.
        button = self.new_button
        corner = button.rect().bottomRight() if self.isRightToLeft() else button.rect().bottomLeft()
        pos = button.mapToGlobal(corner)
        if self.isRightToLeft():
            pos -= QPoint(self.new_menu.sizeHint().width(), 0)
        self.new_menu.popup(pos)

    # -- status bar ---------------------------------------------------------------------------
    def refresh_status(self) -> None:
        # Isolated: a Latin name inside Arabic text (or the reverse) keeps its own order.
        self.vault_label.setText(_("Vault: {name}").format(name=isolate(self.session.vault_name)))
        last = self.session.setting(vault_settings.LAST_BACKUP_AT)
        self.backup_label.setText(_("last backup {when}").format(when=backup_age_text(last)))
        self._update_countdown()

    def _update_countdown(self) -> None:
        if self._lock_remaining_ms is None:
            self.lock_label.setText(_("auto-lock off"))
            return
        text = countdown_text(self._lock_remaining_ms())
        self.lock_label.setText(_("locks in {time}").format(time=text))

    def _on_setting_changed(self, key: str) -> None:
        if key in (vault_settings.VAULT_NAME, vault_settings.LAST_BACKUP_AT):
            self.refresh_status()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        super().closeEvent(event)
