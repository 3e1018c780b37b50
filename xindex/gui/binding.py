"""Which Qt bindings xindex can trust: one rule, checked by the build, the editor and the tests.

``pyproject.toml`` states the same rule as a dependency constraint (a test holds the two equal).

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on every Qt call that returns
nothing (``QLabel.setText``, ``QWidget.setEnabled`` …). After a few hundred such calls the
interpreter aborts with ``Fatal Python error: none_dealloc``: 100–200 arrow keys in the index.
From CPython 3.12 ``None`` is immortal (PEP 683), so the same wheels are harmless there; 6.11.3
on 3.11 keeps the count exact (measured: 1,000 ``setText`` calls, ``sys.getrefcount(None)`` falls
by 1,000 on 6.12.0, by 0 on 6.11.3).
"""

from __future__ import annotations

import sys

IMMORTAL_NONE = (3, 12)  # PEP 683: from this CPython on, None's reference count never changes
FIRST_DEFECTIVE = (6, 12)  # PySide6 releases from here on leak None on CPython before IMMORTAL_NONE


def _release(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for part in version.split(".")[:3]:
        digits = "".join(char for char in part if char.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def binding_defect(pyside_version: str, python: tuple[int, int] | None = None) -> str | None:
    """Why this PySide6 must not run on this Python (one sentence), or None when it is trusted."""
    python = python or (sys.version_info.major, sys.version_info.minor)
    if python < IMMORTAL_NONE and _release(pyside_version)[:2] >= FIRST_DEFECTIVE:
        return (
            f"PySide6 {pyside_version} on Python {python[0]}.{python[1]} loses a reference to None on every "
            "Qt call that returns nothing, and the program aborts after a few hundred of them "
            "(Fatal Python error: none_dealloc); install PySide6-Essentials<6.12 or use Python 3.12 or newer"
        )
    return None


def installed_defect() -> str | None:
    """The defect of the PySide6 installed here, if any (importing PySide6 itself loads no Qt library)."""
    import PySide6

    return binding_defect(PySide6.__version__)
