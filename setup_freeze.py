"""cx_Freeze build of xindex: ``python setup_freeze.py build_exe`` (``make freeze``).

One frozen application, two executables sharing one ``lib/`` folder:

- ``xindex-gui``, the editor (``base="gui"`` on Windows: no console window);
- ``xindex``, the command line.

Both start from a small entry script in ``installer/frozen/`` that calls
``multiprocessing.freeze_support()`` first, so the process pool (``spawn``)
works inside the frozen executables. The build lands in ``build/xindex/``
with ``icons/`` and the sample (``examples/sample.txt`` and ``sample.xix``,
which ``make freeze`` builds first). The xindex package frozen is the
compiled build in ``build/compiled`` (``make compiled``, which ``make freeze``
runs first: the hot modules compiled by mypyc) when there is one, else the
sources.
Tests, test-only packages and the Qt modules xindex does not use are left
out; set ``XINDEX_FREEZE_UNTRIMMED=1`` to build without those exclusions (to
measure what they save).

Installers (see ``installer/README.md``): ``bdist_msi`` on Windows (file
association for ``.xix``, Start-menu shortcut, upgrade code), ``bdist_mac`` /
``bdist_dmg`` on macOS (bundle id, ``.xix`` document type, ``.icns`` icons); on
Linux ``installer/linux/build_deb.py`` packages ``build/xindex`` as a ``.deb``.
Run ``python icons/make_icons.py`` (``make icons``) before any of them.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from cx_Freeze import Executable, setup
from cx_Freeze.command.build_exe import build_exe

from xindex import __version__
from xindex.gui.binding import installed_defect

# A frozen application carries the PySide6 of this environment: never freeze one that is known to crash.
if defect := installed_defect():
    sys.exit(f"setup_freeze: refusing to build: {defect}.")

HERE = Path(__file__).resolve().parent
BUILD_DIR = "build/xindex"
GENERATED = "icons/generated"
UNTRIMMED = os.environ.get("XINDEX_FREEZE_UNTRIMMED") == "1"
COMPILED_BUILD = HERE / "build" / "compiled"  # `make compiled`: the package with its hot modules compiled

# --- What the frozen application leaves out -------------------------------------------------------
#
# xindex imports QtCore, QtGui and QtWidgets. At run time Qt also loads QtDBus (linked by QtGui), QtSvg
# (the SVG icon engine and image plugin: the toolbar icons are SVG), and the platform plugins' own
# libraries (XcbQpa for X11, WaylandClient for Wayland). Every other Qt library, Python module and
# plugin is excluded; cx_Freeze's Qt hook would otherwise copy whole plugin folders (a virtual
# keyboard pulling in Qt Quick and QML, a Wayland compositor, network and TLS backends, ...).
QT_LIBRARIES_KEPT = {"Core", "Gui", "Widgets", "DBus", "Svg", "XcbQpa", "WaylandClient"}
QT_PYTHON_MODULES_KEPT = {"QtCore", "QtGui", "QtWidgets"}
# plugin folder -> plugins kept (None: the whole folder); folders not named here are left out
QT_PLUGINS_KEPT: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"},
    "platformthemes": None,  # GTK and XDG-portal file dialogs
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "iconengines": None,
    "imageformats": {"qsvg", "qico", "qgif", "qjpeg"},
    "styles": None,  # the Windows 11 style
    "xcbglintegrations": None,
    "wayland-shell-integration": {"xdg-shell", "qt-shell"},
    "wayland-decoration-client": None,
}


def _qt_name(filename: str) -> str:
    """``libqxcb.so`` / ``qwindows.dll`` / ``libqcocoa.dylib`` -> ``qxcb`` / ``qwindows`` / ``qcocoa``."""
    stem = filename.partition(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def qt_excludes() -> tuple[list[str], list[str]]:
    """The PySide6 modules and the Qt files (libraries, plugins, translations) that the build leaves out."""
    import PySide6  # noqa: TID251
    from PySide6.QtCore import QLibraryInfo  # noqa: TID251 - the build script, not the application

    package = Path(PySide6.__file__).parent
    modules = sorted(
        f"PySide6.{path.name.partition('.')[0]}"
        for path in package.glob("Qt*.*")
        if path.suffix in {".so", ".pyd"} and path.name.partition(".")[0] not in QT_PYTHON_MODULES_KEPT
    )
    files: list[str] = []
    library_dirs = {
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath)),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.BinariesPath)),
    }
    for directory in library_dirs:
        for path in directory.glob("*Qt6*"):
            match = re.match(r"^(?:lib)?Qt6(\w+?)\.(so|dll|dylib)", path.name)
            if match and match.group(1) not in QT_LIBRARIES_KEPT:
                files.append(path.name)
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    for folder in sorted(path for path in plugins.iterdir() if path.is_dir()):
        kept = QT_PLUGINS_KEPT.get(folder.name, set())
        for plugin in sorted(folder.iterdir()):
            if kept is not None and _qt_name(plugin.name) not in kept:
                files.append(f"{folder.name}/{plugin.name}")
    # The editor installs no Qt translations (its texts are English); Qt's own .qm files are not needed.
    translations = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    files += [f"translations/{path.name}" for path in sorted(translations.glob("*.qm"))]
    return modules, sorted(set(files))


QT_MODULES_EXCLUDED, QT_FILES_EXCLUDED = qt_excludes()

EXCLUDES = [
    # tests and test-only tools
    "tests",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "html5lib",
    "xdist",
    "execnet",
    "mypy",
    "ruff",
    # build tools that are importable in the virtualenv
    "cx_Freeze",
    "freeze_core",
    "setuptools",
    "pkg_resources",
    "pip",
    "_distutils_hack",
    # standard library parts xindex never uses (hashlib falls back to its built-in digests). fpdf2, the PDF
    # export, needs ssl (urllib's HTTPS handler), unittest.mock and asyncio when it loads: they stay.
    "tkinter",
    "pydoc",
    "pydoc_data",
    "lib2to3",
    "ensurepip",
    "idlelib",
    "turtledemo",
    "test",
    "sqlite3",
    "_sqlite3",
    "_hashlib",
    "readline",
    "curses",
    "xmlrpc",
    "http.server",
    "pdb",
    "doctest",
    "bz2",
    "_bz2",
    "lzma",
    "_lzma",  # zipfile and shutil import these only if present
    # apsw's shell, tests and benchmarks; lxml parts python-docx does not use
    "apsw.shell",
    "apsw.tests",
    "apsw.speedtest",
    "apsw.trace",
    "apsw.__main__",
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    "lxml.sax",
    "lxml.cssselect",
    "lxml.ElementInclude",
    # parts of PySide6 for tools and other languages, not needed by a running app
    "PySide6.scripts",
    "PySide6.support.deprecated",
    "PySide6.QtAsyncio",
    *QT_MODULES_EXCLUDED,
]

# Package data that no code path of xindex reads (removed from the build after cx_Freeze copied it).
PRUNED = [
    "lib/apsw/sqlite_extra_binaries",  # optional SQLite extensions loaded only on request
    "lib/apsw/fts_test_strings",
    "lib/apsw/tests",
    "lib/lxml/includes",  # C headers for building against lxml
    "lib/lxml/*.h",
]


class BuildExe(build_exe):  # type: ignore[misc]
    """cx_Freeze's build_exe, then the package data in PRUNED is removed."""

    def run(self) -> None:
        """Freeze, then prune."""
        super().run()
        if UNTRIMMED:
            return
        target = Path(self.build_exe)
        for pattern in PRUNED:
            for path in target.glob(pattern):
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()


def include_files() -> list[tuple[str, str]]:
    """Data files copied into the frozen application: icons and the sample."""
    files = [("examples/sample.txt", "examples/sample.txt")]
    if (HERE / "examples/sample.xix").exists():
        files.append(("examples/sample.xix", "examples/sample.xix"))
    # The editor finds its toolbar icons in <lib>/icons (two folders above xindex/gui/); the top-level
    # icons/ folder holds the application and document icons for desktop integration.
    files += [(f"icons/{svg.name}", f"lib/icons/{svg.name}") for svg in sorted((HERE / "icons").glob("*.svg"))]
    files += [("icons/xindex.svg", "icons/xindex.svg"), ("icons/xindex-document.svg", "icons/xindex-document.svg")]
    for name in ("xindex.png", "xindex-document.png", "xindex-document.ico"):
        if (HERE / GENERATED / name).exists():
            files.append((f"{GENERATED}/{name}", f"icons/{name}"))
    return files


def package_path() -> list[str]:
    """Where the xindex package is frozen from: the compiled build first, when there is one."""
    if (COMPILED_BUILD / "xindex").is_dir():
        return [str(COMPILED_BUILD), *sys.path]
    print("setup_freeze: no compiled build (make compiled): the sources alone are frozen")
    return sys.path


build_exe_options = {
    "build_exe": BUILD_DIR,
    "path": package_path(),
    "packages": [
        "xindex",
        "apsw",
        "roman",
        "icu",
        "docx",
        "spellchecker",
        "fpdf",
        "fontTools",
        "multiprocessing",
        "concurrent.futures",
    ],
    # cx_Freeze leaves unittest out by default; fpdf2 (the PDF export) imports unittest.mock when it loads.
    "includes": ["unittest", "unittest.mock"],
    "excludes": EXCLUDES if not UNTRIMMED else ["tests"],
    "bin_excludes": QT_FILES_EXCLUDED if not UNTRIMMED else [],
    "include_files": include_files(),
    "include_msvcr": True,  # Windows: ship the C runtime, so no VC++ redistributable is needed
    "silent_level": 1,
}

# Windows installer: per-user install by default (no admin rights), Start-menu shortcut, .xix opens the editor.
bdist_msi_options = {
    "upgrade_code": "{6F3C2E51-8B1D-4C7A-9E1F-2D5A7B8C9E01}",  # never change: it ties upgrades together
    "add_to_path": True,  # `xindex` in a new terminal
    "all_users": False,
    "initial_target_dir": r"[LocalAppDataFolder]Programs\xindex",
    "install_icon": f"{GENERATED}/xindex.ico",
    "summary_data": {"author": "xindex", "comments": "Make back-of-book indexes", "keywords": "index; indexing"},
    "extensions": [
        {
            "extension": "xix",
            "verb": "open",
            "executable": "xindex-gui.exe",
            "argument": '"%1"',
            "mime": "application/x-xindex",
            "context": "Open with xindex",
        }
    ],
}

commands: dict[str, type] = {"build_exe": BuildExe}
if sys.platform == "win32":
    from cx_Freeze.command.bdist_msi import bdist_msi

    class BdistMsi(bdist_msi):  # type: ignore[misc]
        """bdist_msi, plus the document icon for .xix files (DefaultIcon of the ProgId registered above)."""

        def finalize_options(self) -> None:
            """Add one Registry row per ProgId, in the editor's component."""
            super().finalize_options()
            component = self.separate_components["xindex-gui.exe"]
            for progid, *_ in list(self.data.get("ProgId", [])):
                self._append_to_data(
                    "Registry",
                    f"{progid}-icon",
                    -1,
                    rf"Software\Classes\{progid}\DefaultIcon",
                    None,
                    r"[TARGETDIR]icons\xindex-document.ico",
                    component,
                )

    commands["bdist_msi"] = BdistMsi

# macOS bundle: the editor is the bundle's executable (the first one below); Info.plist declares .xix.
bdist_mac_options = {
    "bundle_name": "xindex",
    "iconfile": f"{GENERATED}/xindex.icns",
    "custom_info_plist": "installer/macos/Info.plist",  # bundle id org.xindex.xindex, the .xix document type
    "plist_items": [("CFBundleShortVersionString", __version__)],
    "include_resources": [(f"{GENERATED}/xindex-document.icns", "xindex-document.icns")],
}
bdist_dmg_options = {
    "volume_label": f"xindex-{__version__}",  # also the name of build/xindex-VERSION.dmg
    "applications_shortcut": True,
}

executables = [
    Executable(
        "installer/frozen/xindex_gui.py",
        target_name="xindex-gui",
        base="gui",  # Windows: no console; elsewhere the console base is used for any app
        icon=f"{GENERATED}/xindex",  # .ico on Windows, .icns on macOS, .png elsewhere
        shortcut_name="xindex",
        shortcut_dir="ProgramMenuFolder",
        copyright="GPL-3.0-or-later",
    ),
    Executable(
        "installer/frozen/xindex_cli.py",
        target_name="xindex",
        base="console",
        icon=f"{GENERATED}/xindex",
        copyright="GPL-3.0-or-later",
    ),
]

setup(
    name="xindex",
    version=__version__,
    description="Make back-of-book indexes",
    cmdclass=commands,
    options={
        "build_exe": build_exe_options,
        "bdist_msi": bdist_msi_options,
        "bdist_mac": bdist_mac_options,
        "bdist_dmg": bdist_dmg_options,
    },
    executables=executables,
)
