"""cx_Freeze build of xindex: ``python setup_freeze.py build_exe``.

One frozen application with the command-line executable ``xindex``; the
editor executable ``xindex-gui`` joins it when the editor exists. Tests and
unused Qt modules are left out to keep the build small.
"""

from __future__ import annotations

from cx_Freeze import Executable, setup

from xindex import __version__

build_exe_options = {
    "packages": ["xindex", "apsw", "roman"],
    "excludes": ["tkinter", "unittest", "pytest", "hypothesis", "tests"],
    "include_files": [("icons", "icons"), ("examples/sample.txt", "examples/sample.txt")],
}

setup(
    name="xindex",
    version=__version__,
    description="Make back-of-book indexes",
    options={"build_exe": build_exe_options},
    executables=[Executable("xindex/__main__.py", target_name="xindex", icon="icons/xindex.svg")],
)
