#!/usr/bin/env python3
"""Draw the app's icons (web manifest, home screen, shortcuts) into public/icons/.

The artwork: a magazine page (the paper colour of the reader) with a green masthead
and a dock leaf ("skræppe") on the reader's green. Everything is drawn from shapes,
with no randomness, so running the script again gives the same files; they are
committed, and the build does not need this script or Pillow.

    python3 -m venv .venv && .venv/bin/pip install pillow
    .venv/bin/python scripts/make_icons.py

Icons:
  icon-192.png, icon-512.png   purpose "any": rounded square, transparent corners
  maskable-512.png             purpose "maskable": full bleed, the art inside the
                               safe zone (a circle of 40 % of the size around the centre)
  apple-touch-icon.png         180 px, opaque (iOS rounds the corners itself)
  shortcut-nyeste.png          96 px, shortcut "Nyeste blad"
  shortcut-bogmaerker.png      96 px, shortcut "Mine bogmærker"
"""

import argparse
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
import png_palette  # noqa: E402

SS = 4  # supersampling: draw large, scale down for smooth edges

# The reader's colours (style/main.css, the theme-color meta in index.html).
GREEN = "#1f5c3a"  # --bb-accent
SHADOW = "#174a2e"
PAPER = "#fbfaf6"  # --bb-paper
LEAF = "#5a9e5a"
LEAF_LIGHT = "#8cc084"
LINE = "#c9d1c9"
BADGE = "#ffd166"

# The safe zone of a maskable icon is a circle of radius 0.4 (of the size) around the
# centre. The page's farthest corner is 0.44 from the centre at scale 1, so scaled by
# 0.8 it stays at 0.352, inside the circle with room for the shadow.
MASKABLE_SCALE = 0.8
APPLE_SCALE = 0.9


class Canvas:
    """A square drawing surface in unit coordinates (0..1), scaled by `scale` around
    the centre, supersampled."""

    def __init__(self, size: int, scale: float = 1.0, background=None):
        self.size = size
        self.px = size * SS
        self.scale = scale
        self.image = Image.new("RGBA", (self.px, self.px), background or (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.image)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return ((0.5 + (x - 0.5) * self.scale) * self.px, (0.5 + (y - 0.5) * self.scale) * self.px)

    def length(self, d: float) -> float:
        return d * self.scale * self.px

    def box(self, x0, y0, x1, y1):
        return [*self.point(x0, y0), *self.point(x1, y1)]

    def rounded(self, x0, y0, x1, y1, radius, fill):
        self.draw.rounded_rectangle(self.box(x0, y0, x1, y1), radius=self.length(radius), fill=fill)

    def polygon(self, points, fill):
        self.draw.polygon([self.point(x, y) for x, y in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line([self.point(x, y) for x, y in points], fill=fill, width=max(1, round(self.length(width))))

    def result(self) -> Image.Image:
        return self.image.resize((self.size, self.size), Image.Resampling.LANCZOS)


def tile(c: Canvas):
    """The rounded green square of the "any" icons (the corners stay transparent)."""
    c.draw.rounded_rectangle([0, 0, c.px - 1, c.px - 1], radius=0.22 * c.px, fill=GREEN)


def leaf(c: Canvas, cx, cy, length, width, angle_deg, fill=LEAF, rib=GREEN):
    """A dock leaf: broadest towards the stalk, pointed tip, a midrib and side veins."""
    a = math.radians(angle_deg)
    along = (math.cos(a), -math.sin(a))
    across = (math.sin(a), math.cos(a))

    def at(t, side):
        # t: 0 at the base, 1 at the tip; side: -1..1 across the blade.
        half = width / 2 * math.sin(math.pi * t**0.8)
        s = (t - 0.5) * length
        return (cx + along[0] * s + across[0] * half * side, cy + along[1] * s + across[1] * half * side)

    steps = 48
    outline = [at(i / steps, 1) for i in range(steps + 1)] + [at(i / steps, -1) for i in range(steps, -1, -1)]
    c.polygon(outline, fill)
    base = at(0, 0)
    stalk = (base[0] - along[0] * length * 0.22, base[1] - along[1] * length * 0.22)
    c.line([stalk, base, at(0.93, 0)], rib, width * 0.09)
    for t in (0.25, 0.45, 0.65):
        for side in (1, -1):
            start = at(t, 0)
            end = at(t + 0.16, side * 0.75)
            c.line([start, end], rib, width * 0.05)


def page(c: Canvas, badge: bool = False):
    """The magazine page: shadow, paper, masthead with its title, leaf, text lines."""
    c.rounded(0.235, 0.175, 0.795, 0.855, 0.03, SHADOW)
    c.rounded(0.22, 0.16, 0.78, 0.84, 0.03, PAPER)
    c.rounded(0.27, 0.21, 0.73, 0.30, 0.012, GREEN)
    c.rounded(0.31, 0.243, 0.58, 0.267, 0.012, PAPER)
    leaf(c, 0.5, 0.5, 0.36, 0.19, 38)
    c.rounded(0.29, 0.70, 0.71, 0.725, 0.0125, LINE)
    c.rounded(0.29, 0.755, 0.62, 0.78, 0.0125, LINE)
    if badge:
        star(c, 0.76, 0.22, 0.16, 0.115, 12, BADGE)


def star(c: Canvas, cx, cy, outer, inner, points, fill):
    corners = []
    for i in range(points * 2):
        r = outer if i % 2 == 0 else inner
        a = math.pi * i / points - math.pi / 2
        corners.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    c.polygon(corners, fill)


def bookmark(c: Canvas):
    """A paper ribbon with a V cut, a small leaf on it."""
    ribbon = [(0.31, 0.14), (0.69, 0.14), (0.69, 0.86), (0.5, 0.70), (0.31, 0.86)]
    c.polygon([(x + 0.015, y + 0.015) for x, y in ribbon], SHADOW)
    c.polygon(ribbon, PAPER)
    leaf(c, 0.5, 0.40, 0.38, 0.2, 60)


def icon_any(size):
    c = Canvas(size)
    tile(c)
    page(c)
    return c.result()


def icon_full_bleed(size, scale):
    c = Canvas(size, scale=scale, background=GREEN)
    page(c)
    return c.result()


def shortcut(size, draw):
    c = Canvas(size)
    tile(c)
    draw(c)
    return c.result()


ICONS = {
    "icon-192.png": lambda: icon_any(192),
    "icon-512.png": lambda: icon_any(512),
    "maskable-512.png": lambda: icon_full_bleed(512, MASKABLE_SCALE),
    "apple-touch-icon.png": lambda: icon_full_bleed(180, APPLE_SCALE),
    "shortcut-nyeste.png": lambda: shortcut(96, lambda c: page(c, badge=True)),
    "shortcut-bogmaerker.png": lambda: shortcut(96, bookmark),
}


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=root / "public" / "icons")
    args = parser.parse_args()
    for name, make in ICONS.items():
        size = png_palette.save(make(), args.out / name)
        print(f"{args.out / name}: {size / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
