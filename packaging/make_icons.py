"""Render the app icon from resources/icons/hrd-desk.svg into every size the platforms need.

Writes resources/icons/hrd-desk-<N>.png (the window icon and the Linux hicolor theme),
packaging/windows/hrd-desk.ico and packaging/macos/hrd-desk.icns. The outputs are committed;
run this after editing the SVG, in the build venv (it has PySide6 and Pillow):

    QT_QPA_PLATFORM=offscreen .venv-build/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "hrd-desk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> None:
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    images = {size: render(renderer, size) for size in PNG_SIZES}
    for size, image in images.items():
        image.save(SVG.with_name(f"hrd-desk-{size}.png"), optimize=True)
    ico = ROOT / "packaging" / "windows" / "hrd-desk.ico"
    images[256].save(ico, sizes=[(s, s) for s in ICO_SIZES])
    icns = ROOT / "packaging" / "macos" / "hrd-desk.icns"
    # Pillow builds every ICNS size (16 to 512@2x) from the largest image it is given.
    render(renderer, 1024).save(icns)
    print("wrote", len(images), "PNGs,", ico.relative_to(ROOT), "and", icns.relative_to(ROOT))


if __name__ == "__main__":
    main()
