"""Package the frozen application (``build/xindex``) as a Debian package with ``dpkg-deb``.

``python installer/linux/build_deb.py [--build-dir build/xindex] [--icons icons/generated] [--dist dist]``
(``make installer``) writes ``dist/xindex_VERSION_ARCH.deb`` holding:

- ``/opt/xindex/``: the frozen application as built (both executables and their ``lib/``);
- ``/usr/bin/xindex`` and ``/usr/bin/xindex-gui``: links into it;
- ``/usr/share/applications/xindex.desktop``: the editor in the desktop's menus, opening ``*.xix``;
- ``/usr/share/mime/packages/xindex.xml``: ``application/x-xindex`` for ``*.xix`` (by name, and by
  content: the SQLite header with xindex's ``application_id`` at byte 68);
- ``/usr/share/icons/hicolor/*/{apps,mimetypes}/``: the application and document icons.

No maintainer scripts are needed: Debian's shared-mime-info, desktop-file-utils and the icon
caches update themselves through dpkg triggers on those folders.

cx_Freeze's own ``bdist_deb`` converts an RPM with ``alien`` after rebuilding everything from a
source tarball of the whole work tree; this builds the package directly from the frozen folder.

The libraries the frozen files need from the system (their ``NEEDED`` entries that the build does
not bundle) must all come from packages in ``Depends`` or ``Recommends``: ``--check-depends``
verifies that against the machine's own packages (``dpkg -S``), so a new Qt that links one more
system library fails the build instead of the user's first start.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PREFIX = "opt/xindex"
EXECUTABLES = ["xindex", "xindex-gui"]

# What the frozen files link from the system (glibc >= 2.34 and GCC 11's libstdc++: Debian 12,
# Ubuntu 22.04 and later). X11 (xcb) and Wayland platform plugins, OpenGL/EGL, fonts, D-Bus.
DEPENDS = [
    "libc6 (>= 2.34)",
    "libgcc-s1",
    "libstdc++6 (>= 11)",
    "zlib1g",
    "libzstd1",
    "libglib2.0-0",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libharfbuzz0b",
    "libegl1",
    "libgl1",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libwayland-client0",
    "libwayland-cursor0",
]
# Qt's GTK theme plugin (native file dialogs and colours on GNOME) loads only when GTK 3 is there.
RECOMMENDS = ["libgtk-3-0", "shared-mime-info", "desktop-file-utils", "hicolor-icon-theme"]
OPTIONAL_PLUGINS = {"libqgtk3.so"}  # may miss their libraries: Qt skips a plugin that does not load


def version() -> str:
    """The version of xindex, read from the package without importing it."""
    text = (ROOT / "xindex" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("build_deb: no __version__ in xindex/__init__.py")
    return match.group(1)


def architecture() -> str:
    """The Debian architecture of this machine (amd64, arm64, ...)."""
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def elf_files(folder: Path) -> list[Path]:
    """The ELF files (executables and shared libraries) under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_from_system(folder: Path) -> dict[str, list[Path]]:
    """Shared libraries that the ELF files under ``folder`` need and the folder does not bundle."""
    elves = elf_files(folder)
    bundled = {path.name for path in elves}
    needed: dict[str, list[Path]] = {}
    for path in elves:
        output = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
        for soname in re.findall(r"^\s+NEEDED\s+(\S+)$", output, re.MULTILINE):
            if soname not in bundled:
                needed.setdefault(soname, []).append(path)
    return needed


def system_library_packages(sonames: set[str]) -> dict[str, str]:
    """Map each of ``sonames`` that the system's linker cache knows to the Debian package holding it."""
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths: dict[str, str] = {}
    for line in cache.splitlines()[1:]:
        match = re.match(r"^\s+(\S+) \((libc6,x86-64|libc6,AArch64|libc6)[^)]*\) => (\S+)$", line)
        if match and match.group(1) in sonames:
            paths.setdefault(match.group(1), match.group(3))
    packages: dict[str, str] = {}
    for soname, path in paths.items():
        for candidate in (path, os.path.realpath(path), "/usr" + path if not path.startswith("/usr/") else path[4:]):
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
            if result.returncode == 0:
                packages[soname] = result.stdout.split(":", 1)[0]
                break
    return packages


def check_depends(folder: Path) -> list[str]:
    """Problems with DEPENDS: system libraries needed by the build that no listed package provides."""
    declared = {entry.split()[0] for entry in DEPENDS + RECOMMENDS}
    needed = needed_from_system(folder)
    packages = system_library_packages(set(needed))
    problems = []
    for soname, users in sorted(needed.items()):
        if all(user.name in OPTIONAL_PLUGINS for user in users):
            continue
        package = packages.get(soname)
        names = ", ".join(sorted({user.name for user in users})[:3])
        if package is None:
            problems.append(f"{soname} (needed by {names}) is not installed here: install it and add its package")
        elif package not in declared:
            problems.append(f"{soname} (needed by {names}) comes from {package}, which is not in DEPENDS")
    return problems


def control(size_kib: int) -> str:
    """The DEBIAN/control file."""
    return (
        "Package: xindex\n"
        f"Version: {version()}\n"
        f"Architecture: {architecture()}\n"
        "Maintainer: xindex developers <xindex@users.noreply.github.com>\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: text\n"
        "Priority: optional\n"
        "Description: make back-of-book indexes\n"
        " xindex is a desktop application for making back-of-book indexes: a fast,\n"
        " keyboard-driven Qt editor over one SQLite file per index (.xix), sorting by\n"
        " the Chicago Manual of Style, ISO 999 or NISO rules, with exports to RTF,\n"
        " DOCX, ODT, HTML, LaTeX, InDesign tagged text and plain text.\n"
        " .\n"
        " This package holds the frozen application (Python and Qt included) in\n"
        " /opt/xindex, the editor xindex-gui and the command line xindex.\n"
    )


def stage(build_dir: Path, icons: Path, staging: Path) -> None:
    """Lay out the package's files under ``staging``."""
    if staging.exists():
        shutil.rmtree(staging)
    app = staging / PREFIX
    shutil.copytree(build_dir, app, symlinks=True)
    # cx_Freeze's two executables are the same launcher (each runs the entry script named like
    # itself): one file, two names.
    first, *others = (app / name for name in EXECUTABLES)
    for other in others:
        if other.read_bytes() == first.read_bytes():
            other.unlink()
            os.link(first, other)
    bin_dir = staging / "usr/bin"
    bin_dir.mkdir(parents=True)
    for name in EXECUTABLES:
        (bin_dir / name).symlink_to(Path("../..") / PREFIX / name)
    share = staging / "usr/share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(HERE / "xindex.desktop", share / "applications/xindex.desktop")
    (share / "mime/packages").mkdir(parents=True)
    shutil.copy2(HERE / "xindex-mime.xml", share / "mime/packages/xindex.xml")
    shutil.copytree(icons / "hicolor", share / "icons/hicolor")
    doc = share / "doc/xindex"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "xindex: GPL-3.0-or-later (see /usr/share/common-licenses/GPL-3).\n"
        "Bundled components (Python, Qt for Python, ICU, APSW/SQLite, lxml, python-docx) keep their\n"
        "own licences: /opt/xindex/frozen_application_license.txt and the packages' metadata.\n",
        encoding="utf-8",
    )
    for path in staging.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    inodes = {path.lstat().st_ino: path.lstat().st_size for path in staging.rglob("*") if path.is_file()}
    size_kib = sum(inodes.values()) // 1024 + 1
    (staging / "DEBIAN").mkdir()
    (staging / "DEBIAN/control").write_text(control(size_kib), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build the .deb (after checking the dependencies when asked)."""
    parser = argparse.ArgumentParser(description="Package build/xindex as a .deb")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build/xindex")
    parser.add_argument("--icons", type=Path, default=ROOT / "icons/generated")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--check-depends", action="store_true", help="fail when DEPENDS misses a needed library")
    parser.add_argument("--print-depends", action="store_true", help="print the Depends packages, one a line")
    args = parser.parse_args(argv)
    if args.print_depends:
        print("\n".join(entry.split()[0] for entry in DEPENDS))
        return 0
    if not (args.build_dir / "xindex").exists():
        raise SystemExit(f"build_deb: no frozen application in {args.build_dir}: run `make freeze` first")
    if not (args.icons / "hicolor").exists():
        raise SystemExit(f"build_deb: no icons in {args.icons}: run `make icons` first")
    if args.check_depends:
        problems = check_depends(args.build_dir)
        for problem in problems:
            print(f"build_deb: {problem}", file=sys.stderr)
        if problems:
            return 1
    staging = args.build_dir.parent / "deb" / "xindex"
    stage(args.build_dir, args.icons, staging)
    args.dist.mkdir(parents=True, exist_ok=True)
    target = args.dist / f"xindex_{version()}_{architecture()}.deb"
    command = ["dpkg-deb", "--root-owner-group", "-Zxz", "-z6"]
    help_text = subprocess.run(["dpkg-deb", "--help"], capture_output=True, text=True, check=False).stdout
    if "--threads-max" in help_text:  # dpkg 1.21.9 and later compress with several threads
        command.append(f"--threads-max={os.cpu_count() or 1}")
    subprocess.run([*command, "--build", str(staging), str(target)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(staging.parent)
    print(f"build_deb: wrote {target} ({target.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
