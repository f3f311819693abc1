#!/usr/bin/env python3
"""Write images as small palette PNGs (8-bit colour table instead of 24/32-bit pixels).

Used by make_icons.py, and from the command line by tests/e2e/measure/screenshots.mjs
for the manifest's screenshots:

    .venv/bin/python scripts/png_palette.py public/screenshots/*.png

Rewrites each file in place, unless the palette version would not be smaller. The
result depends only on the pixels (no timestamps or other metadata), so running it
again on the same picture gives the same bytes.
"""

import io
import sys
from pathlib import Path

from PIL import Image


def encode(image: Image.Image, colours: int = 256) -> bytes:
    """The image as a palette PNG: opaque images by median cut, translucent ones by octree
    (the only quantizer in Pillow's wheels that keeps the alpha channel)."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    if image.mode == "RGBA" and image.getextrema()[3][0] == 255:
        image = image.convert("RGB")
    method = Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT
    palette = image.quantize(colors=colours, method=method, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, "PNG", optimize=True)
    return out.getvalue()


def save(image: Image.Image, path: Path, colours: int = 256) -> int:
    """Writes `image` to `path` as a palette PNG; returns its size in bytes."""
    data = encode(image, colours)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for name in paths:
        path = Path(name)
        before = path.read_bytes()
        with Image.open(io.BytesIO(before)) as image:
            image.load()
            after = encode(image)
        if len(after) < len(before):
            path.write_bytes(after)
        print(f"{path}: {len(before) // 1024} KB -> {min(len(before), len(after)) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
