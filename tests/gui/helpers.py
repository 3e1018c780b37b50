"""Driving modal dialogs from a test: act once the dialog is up, while ``exec()`` waits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget


def when_modal(action: Callable[[QWidget], None], *, attempts: int = 250) -> None:
    """Run ``action`` on the next modal dialog once it is shown."""

    def attempt(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            if left:
                QTimer.singleShot(20, lambda: attempt(left - 1))
            return
        action(dialog)

    QTimer.singleShot(0, lambda: attempt(attempts))


def answer(button_text: str, seen: list[str] | None = None) -> None:
    """Click the button whose text contains ``button_text`` in the next message box (noting its text)."""

    def click(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox), f"expected a message box, got {type(dialog).__name__}"
        if seen is not None:
            seen.append(f"{dialog.text()}\n{dialog.informativeText()}")
        buttons: list[QAbstractButton] = dialog.buttons()
        wanted = [button for button in buttons if button_text.casefold() in button.text().replace("&", "").casefold()]
        assert wanted, f"no button {button_text!r} in {[button.text() for button in buttons]}"
        wanted[0].click()

    when_modal(click)


def default_button(seen: list[str]) -> None:
    """Note the next message box's text and its default button's text, then press Enter (the default)."""

    def note(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        default = dialog.defaultButton()
        seen.append(f"{dialog.text()}\n{dialog.informativeText()}")
        seen.append(default.text().replace("&", "") if default is not None else "")
        if default is not None:
            default.click()

    when_modal(note)
