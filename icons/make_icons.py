"""Export the application and document icons from SVG to PNG, ICO and ICNS.

``python icons/make_icons.py [OUT_DIR]`` (default ``icons/generated``; ``make icons``)
renders ``icons/xindex.svg`` (the application) and ``icons/xindex-document.svg``
(a ``.xix`` document) with Qt's SVG renderer offscreen, and writes:

- ``hicolor/SIZExSIZE/apps/xindex.png`` and ``hicolor/SIZExSIZE/mimetypes/application-x-xindex.png``
  at the freedesktop hicolor sizes 16…512, plus the SVGs under ``hicolor/scalable/``
  (the Linux package installs this tree into ``/usr/share/icons/hicolor``);
- ``xindex.ico`` and ``xindex-document.ico`` (16…256, PNG-compressed entries: Windows Vista and later);
- ``xindex.icns`` and ``xindex-document.icns`` (16…1024 with the @2x variants: macOS 10.7 and later);
- ``xindex.png`` (256 pixels), the icon beside the Linux executables.

ICO and ICNS are simple containers of PNG images, written here with ``struct``,
so the build needs nothing beyond PySide6. The output is the same bytes on
every run for the same Qt version, and is git-ignored: the build makes it.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: TID251 - a build tool, not the app
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: TID251
from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

HERE = Path(__file__).resolve().parent

# (source SVG, freedesktop context, freedesktop icon name, stem of the .ico/.icns)
ICONS = [
    ("xindex.svg", "apps", "xindex", "xindex"),
    ("xindex-document.svg", "mimetypes", "application-x-xindex", "xindex-document"),
]
HICOLOR_SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]
ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
# ICNS element types holding PNG data, with their pixel size (Apple's icns format, "ic" and "icp" types).
ICNS_TYPES = [
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
]


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """Render the SVG into a square transparent image of ``size`` pixels and return it as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode a {size}-pixel PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding the given PNG images (size → PNG bytes)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + directory + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding the given PNG images for every ICNS type whose size is present."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES if size in pngs
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out_dir: Path) -> list[Path]:
    """Write every icon file into ``out_dir``; return the paths written."""
    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # fonts for <text> need one
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)

    for source, context, name, stem in ICONS:
        renderer = QSvgRenderer(str(HERE / source))
        if not renderer.isValid():
            raise SystemExit(f"make_icons: {source} is not a valid SVG")
        sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
        pngs = {size: render_png(renderer, size) for size in sizes}
        for size in HICOLOR_SIZES:
            write(out_dir / "hicolor" / f"{size}x{size}" / context / f"{name}.png", pngs[size])
        write(out_dir / "hicolor" / "scalable" / context / f"{name}.svg", (HERE / source).read_bytes())
        write(out_dir / f"{stem}.ico", ico_bytes({size: pngs[size] for size in ICO_SIZES}))
        write(out_dir / f"{stem}.icns", icns_bytes(pngs))
        write(out_dir / f"{stem}.png", pngs[256])
    return written


def main() -> int:
    """Write the icons into the folder named on the command line (default icons/generated)."""
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "generated"
    written = make_icons(out_dir)
    print(f"make_icons: {len(written)} files in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
