"""First run and unlock: the unlock window, the recovery-key path, the create-vault wizard."""

from hrd_desk.ui.unlock.window import UnlockWindow

__all__ = ["UnlockWindow"]
