"""The desktop app (PySide6 only here; no SQL: the services of ``hrd_desk.cases`` do the work).

Start sequence (``app.run_gui``): Qt application and language → unlock window → on unlock, the
main window with its sections (``sections.py``) → lock (``locking.py``) destroys every window's
content and returns to the unlock window. Long work runs in ``workers.py`` jobs.
"""
