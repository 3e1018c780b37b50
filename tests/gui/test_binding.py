"""The Qt binding can be trusted for a day's work: no reference to None lost per call, and the
dependency constraint in pyproject.toml keeps out every binding xindex knows to be defective."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTreeView, QWidget

from xindex.gui.binding import IMMORTAL_NONE, binding_defect, installed_defect

ROOT = Path(__file__).resolve().parents[2]
CALLS = 5_000


@pytest.mark.skipif(
    sys.version_info[:2] >= IMMORTAL_NONE, reason="None is immortal from Python 3.12 (PEP 683): its count never moves"
)
def test_thousands_of_void_qt_calls_keep_every_reference_to_none(qapp: QApplication) -> None:
    label, field, view, widget = QLabel(), QLineEdit(), QTreeView(), QWidget()
    before = sys.getrefcount(None)
    lost, calls = 0, 0
    for number in range(CALLS):
        label.setText("x")
        field.setCursorPosition(0)
        widget.setEnabled(number % 2 == 0)
        view.setCurrentIndex(QModelIndex())
        calls += 4
        if number % 50 == 0:
            lost = before - sys.getrefcount(None)
            if lost >= 100:  # stop while None is still alive: a defective binding would abort the test run
                break
    # A defective binding loses one per call; a few may move with the interpreter's own caches.
    assert lost < 100, f"{lost} references to None lost in {calls:,} void Qt calls: the binding is defective"


def test_the_installed_binding_is_not_a_known_defective_one() -> None:
    assert installed_defect() is None


@pytest.mark.parametrize(
    ("pyside", "python", "defective"),
    [
        ("6.12.0", (3, 11), True),
        ("6.12.1", (3, 11), True),
        ("6.11.3", (3, 11), False),
        ("6.12.0", (3, 12), False),
        ("6.12.0", (3, 13), False),
    ],
)
def test_the_rule_names_the_defect(pyside: str, python: tuple[int, int], defective: bool) -> None:
    defect = binding_defect(pyside, python)
    assert (defect is not None) == defective
    if defect:
        assert "none_dealloc" in defect and "<6.12" in defect


def test_pyproject_admits_exactly_the_bindings_the_rule_trusts() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(text) for text in project["dependencies"]]
    pyside = [requirement for requirement in requirements if requirement.name.lower() == "pyside6-essentials"]
    assert pyside, "pyproject.toml no longer names PySide6-Essentials"
    for python in ((3, 11), (3, 12), (3, 13), (3, 14)):
        environment = {"python_version": f"{python[0]}.{python[1]}"}
        applying = [
            requirement
            for requirement in pyside
            if requirement.marker is None or requirement.marker.evaluate(environment)
        ]
        assert applying, f"no PySide6 requirement applies to Python {environment['python_version']}"
        for version in ("6.8.3", "6.11.3", "6.12.0", "6.12.1", "6.13.0"):
            admitted = all(requirement.specifier.contains(Version(version)) for requirement in applying)
            trusted = binding_defect(version, python) is None
            assert admitted == trusted, f"PySide6 {version} on Python {environment['python_version']}"
