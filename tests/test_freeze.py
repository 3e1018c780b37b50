"""Shipping: the icons, the desktop integration files, and (on request) the frozen application.

The fast checks always run. Building and smoke-testing the frozen application takes a minute
or more, so it runs only with ``XINDEX_FREEZE_TEST=1`` (CI runs ``.ci/freeze`` directly).
"""

from __future__ import annotations

import os
import plistlib
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import apsw
import pytest

from xindex.store import Document

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "installer" / "linux"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The icons written by icons/make_icons.py into a fresh folder."""
    out = tmp_path_factory.mktemp("icons")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, str(ROOT / "icons" / "make_icons.py"), str(out)], check=True, env=env, capture_output=True
    )
    return out


def test_hicolor_pngs_have_their_sizes(icons: Path) -> None:
    for context, name in (("apps", "xindex"), ("mimetypes", "application-x-xindex")):
        for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
            path = icons / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            assert png_size(path.read_bytes()) == (size, size), path
        assert (icons / "hicolor" / "scalable" / context / f"{name}.svg").exists()


def test_ico_holds_png_images_from_16_to_256(icons: Path) -> None:
    for stem in ("xindex", "xindex-document"):
        data = (icons / f"{stem}.ico").read_bytes()
        reserved, kind, count = struct.unpack("<HHH", data[:6])
        assert (reserved, kind) == (0, 1)
        sizes = []
        for index in range(count):
            width, height, _, _, planes, bits, length, offset = struct.unpack(
                "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
            )
            side = width or 256
            assert (width, planes, bits) == (height, 1, 32)
            assert png_size(data[offset : offset + length]) == (side, side)
            sizes.append(side)
        assert sizes == [16, 20, 24, 32, 40, 48, 64, 128, 256]


def test_icns_elements_are_pngs_of_their_type_size(icons: Path) -> None:
    expected = {
        b"icp4": 16,
        b"icp5": 32,
        b"icp6": 64,
        b"ic07": 128,
        b"ic08": 256,
        b"ic09": 512,
        b"ic10": 1024,
        b"ic11": 32,
        b"ic12": 64,
        b"ic13": 256,
        b"ic14": 512,
    }
    for stem in ("xindex", "xindex-document"):
        data = (icons / f"{stem}.icns").read_bytes()
        assert data[:4] == b"icns"
        assert struct.unpack(">I", data[4:8])[0] == len(data)
        seen = {}
        position = 8
        while position < len(data):
            kind, length = data[position : position + 4], struct.unpack(">I", data[position + 4 : position + 8])[0]
            seen[kind] = png_size(data[position + 8 : position + length])
            position += length
        assert seen == {kind: (size, size) for kind, size in expected.items()}


def mime_type(data_home: Path, path: Path) -> str:
    """The MIME type Qt's shared-mime-info reader gives ``path`` by content, with ``data_home`` as XDG_DATA_HOME."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "print(QMimeDatabase().mimeTypeForFile(sys.argv[1], QMimeDatabase.MatchMode.MatchContent).name())\n"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-c", script, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def test_mime_type_recognises_a_xix_by_its_content(tmp_path: Path) -> None:
    packages = tmp_path / "share" / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(LINUX / "xindex-mime.xml", packages / "xindex.xml")
    Document.create(tmp_path / "book.xix", title="Test").close()
    renamed = tmp_path / "book.bin"
    shutil.copy(tmp_path / "book.xix", renamed)
    plain = tmp_path / "other.bin"
    connection = apsw.Connection(str(plain))
    connection.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
    connection.close()
    assert mime_type(tmp_path / "share", renamed) == "application/x-xindex"
    assert mime_type(tmp_path / "share", plain) != "application/x-xindex"


def test_desktop_file_opens_xix_in_the_editor() -> None:
    lines = (LINUX / "xindex.desktop").read_text(encoding="utf-8").splitlines()
    entry = dict(line.split("=", 1) for line in lines if "=" in line)
    assert entry["Exec"] == "xindex-gui %f"
    assert entry["Icon"] == "xindex"
    assert "application/x-xindex;" in entry["MimeType"]
    validate = shutil.which("desktop-file-validate")
    if validate:
        done = subprocess.run([validate, str(LINUX / "xindex.desktop")], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_macos_bundle_declares_the_xix_document_type() -> None:
    with (ROOT / "installer" / "macos" / "Info.plist").open("rb") as file:
        plist = plistlib.load(file)
    assert plist["CFBundleIdentifier"] == "org.xindex.xindex"
    (document,) = plist["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == ["org.xindex.xix"]
    assert document["CFBundleTypeIconFile"] == "xindex-document.icns"
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeIdentifier"] == "org.xindex.xix"
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["xix"]


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("XINDEX_FREEZE_TEST") != "1",
    reason="set XINDEX_FREEZE_TEST=1 to build and "
    "smoke-test the frozen application (about a minute; CI runs .ci/freeze)",
)
def test_frozen_application_builds_and_passes_its_smoke_tests() -> None:
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "freeze")], capture_output=True, text=True, cwd=ROOT, check=False, timeout=1800
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "0 failed" in done.stdout
