#!/usr/bin/env python3
"""Generate the demo images for content/feed.json (and its next_url pages).

Reads the feed, then draws one simple illustration per item (800x450), one cover
per issue (600x800) and one picture per inline <img src="images/..."> in an
article body (800x450). Everything is drawn from shapes and gradients, seeded by
the image's name, so running the script again gives the same pictures.

    pip install pillow
    python3 scripts/make_demo_images.py            # content/ next to this script
    python3 scripts/make_demo_images.py --content path/to/content --force

Existing files are skipped unless --force is given. The demo's pictures are kept
with its sources in content-src/billeder/ (content/ is built from there by
`beboerblad-server build-feed`): copy new ones there.
"""

import argparse
import functools
import hashlib
import io
import json
import math
import random
import re
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ITEM_SIZE = (800, 450)
COVER_SIZE = (600, 800)
SS = 2  # supersampling factor: draw large, scale down for smooth edges
ITEM_BUDGET = 25 * 1024
COVER_BUDGET = 40 * 1024

FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts"]
SERIF_BOLD = ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf", "georgiab.ttf")
SANS_BOLD = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "arialbd.ttf")
SANS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "arial.ttf")

# Section palettes: sky top, sky bottom, ground, far buildings, accents.
PALETTES = {
    "nyt": dict(sky=("#8fc3e8", "#eef6fb"), ground="#7fb069", far="#c9dbe8",
                acc=["#e07a5f", "#f2cc8f", "#3d5a80", "#81b29a"]),
    "kultur": dict(sky=("#8e7dbe", "#f7d6c1"), ground="#9c8cb9", far="#c7b8d8",
                   acc=["#f4a261", "#e76f51", "#ffd166", "#2a9d8f"]),
    "boern": dict(sky=("#6ec6e6", "#fff3c4"), ground="#8cc63f", far="#bfe3ef",
                  acc=["#ef476f", "#ffd166", "#118ab2", "#06d6a0"]),
    "miljoe": dict(sky=("#b5dfc0", "#fbf6e3"), ground="#5a9e5a", far="#cfe6cf",
                   acc=["#f4a259", "#e9c46a", "#bc4b51", "#8cb369"]),
    "beboerdemokrati": dict(sky=("#5fa8a8", "#e6f2ef"), ground="#6f9f8f", far="#b8d6d0",
                            acc=["#264653", "#e76f51", "#f4a261", "#e9c46a"]),
    "debat": dict(sky=("#f6b26b", "#fff1dc"), ground="#c9a66b", far="#f3d2a8",
                  acc=["#2a9d8f", "#264653", "#e76f51", "#ffffff"]),
}
DEFAULT_PALETTE = PALETTES["nyt"]

# Words in an item's id or tags that pick the foreground motif.
MOTIF_WORDS = [
    ("tovtraekning", "tug"), ("ryddedag", "bags"), ("madaffald", "containers"),
    ("affald", "containers"), ("høst", "harvest"), ("bier", "bees"), ("ladcykel", "bike"), ("cykler", "bike"),
    ("kor", "notes"), ("musik", "notes"), ("strikkeklub", "yarn"),
    ("fællesspisning", "table"), ("madklub", "table"), ("mad", "table"),
    ("legeplads", "playground"), ("fodbold", "football"), ("sommerfest", "party"),
    ("bestyrelsen", "meeting"), ("vaskeri", "washers"), ("altaner", "balconies"),
    ("renovering", "balconies"),
    ("lektiecafé", "books"), ("skole", "books"), ("påske", "eggs"),
    ("højbede", "beds"), ("haveklub", "sprouts"),
    ("fotografi", "frames"), ("portræt", "portrait"), ("genbrug", "shelves"),
    ("sommerferie", "lake"), ("husorden", "notice"), ("afdelingsmøde", "hands"),
    ("beboermøde", "hands"), ("parkering", "cars"),
    ("læserbrev", "bubbles"), ("debat", "bubbles"),
]
SECTION_MOTIF = {"nyt": "blocks", "kultur": "notes", "boern": "playground", "miljoe": "sprouts",
                 "beboerdemokrati": "hands", "debat": "bubbles"}
COVER_MOTIF = {"januar": "blocks", "februar": "blocks", "marts": "sprouts", "april": "eggs",
               "maj": "playground", "juni": "party", "juli": "lake", "august": "lake",
               "september": "harvest", "oktober": "harvest", "november": "table", "december": "notes"}
COVER_COLOURS = ["#2f6f4f", "#b5523b", "#2b5c8a", "#7a4e8c", "#8a6d1f", "#1f6f78"]


# --------------------------------------------------------------------------- helpers

def rng_for(name):
    return random.Random(int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big"))


def hex_rgb(h):
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    a, b = hex_rgb(a) if isinstance(a, str) else a, hex_rgb(b) if isinstance(b, str) else b
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def jitter(colour, rng, amount=14):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in hex_rgb(colour))


def gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


@functools.lru_cache(maxsize=None)
def find_font(names, size):
    for d in FONT_DIRS:
        base = Path(d)
        if not base.is_dir():
            continue
        for n in names:
            hits = list(base.rglob(n))
            if hits:
                return ImageFont.truetype(str(hits[0]), size)
    return ImageFont.load_default()


def save_jpeg(img, path, budget):
    for quality in (72, 68, 62, 56, 50, 44, 38):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, progressive=True, optimize=True)
        if buf.tell() <= budget:
            break
    path.write_bytes(buf.getvalue())
    return buf.tell()


# --------------------------------------------------------------------------- shapes
# All coordinates are in the supersampled canvas.

def sun(d, x, y, r, colour="#ffd166"):
    d.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def cloud(d, x, y, s, colour=(255, 255, 255)):
    for dx, dy, r in ((0, 0, 1.0), (0.9, -0.35, 0.8), (1.7, 0.05, 0.75), (-0.8, 0.15, 0.7)):
        rr = r * s
        d.ellipse([x + dx * s - rr, y + dy * s - rr, x + dx * s + rr, y + dy * s + rr], fill=colour)


def hills(d, w, h, base, amp, colour, rng, waves=2.0):
    phase = rng.random() * math.tau
    pts = [(x, base + amp * math.sin(phase + waves * math.tau * x / w)) for x in range(0, w + 20, 20)]
    d.polygon([(0, h)] + pts + [(w, h)], fill=colour)


def block(d, x, y, w, h, colour, window, rng, floors=None, balconies=None):
    d.rectangle([x, y, x + w, y + h], fill=colour)
    d.rectangle([x - 6, y - 10, x + w + 6, y], fill=mix(colour, (40, 40, 40), 0.25))
    floors = floors or max(2, int(h // 70))
    cols = max(2, int(w // 60))
    fh, cw = h / floors, w / cols
    for f in range(floors):
        for c in range(cols):
            wx, wy = x + c * cw + cw * 0.25, y + f * fh + fh * 0.25
            lit = rng.random() < 0.25
            d.rectangle([wx, wy, wx + cw * 0.5, wy + fh * 0.45], fill=("#ffe8a3" if lit else window))
            if balconies:
                d.rectangle([wx - cw * 0.08, wy + fh * 0.45, wx + cw * 0.58, wy + fh * 0.62], fill=balconies)


def tree(d, x, y, s, leaf, trunk="#7a5230", kind=0):
    d.rectangle([x - s * 0.08, y - s * 0.55, x + s * 0.08, y], fill=trunk)
    if kind == 0:
        for dx, dy, r in ((0, -0.95, 0.45), (-0.28, -0.72, 0.32), (0.3, -0.7, 0.34)):
            d.ellipse([x + dx * s - r * s, y + dy * s - r * s, x + dx * s + r * s, y + dy * s + r * s], fill=leaf)
    else:
        d.polygon([(x, y - s * 1.5), (x - s * 0.4, y - s * 0.4), (x + s * 0.4, y - s * 0.4)], fill=leaf)


def person(d, x, y, h, colour, arms_up=False, skin=None):
    head = h * 0.13
    skin = skin or colour
    d.ellipse([x - head, y - h, x + head, y - h + 2 * head], fill=skin)
    body_top = y - h + 2.3 * head
    d.rounded_rectangle([x - h * 0.16, body_top, x + h * 0.16, y - h * 0.3], radius=h * 0.08, fill=colour)
    d.rectangle([x - h * 0.13, y - h * 0.35, x - h * 0.03, y], fill=colour)
    d.rectangle([x + h * 0.03, y - h * 0.35, x + h * 0.13, y], fill=colour)
    lw = max(4, int(h * 0.07))
    if arms_up:
        d.line([(x - h * 0.14, body_top + h * 0.05), (x - h * 0.3, y - h * 1.05)], fill=colour, width=lw)
        d.line([(x + h * 0.14, body_top + h * 0.05), (x + h * 0.3, y - h * 1.05)], fill=colour, width=lw)
    else:
        d.line([(x - h * 0.15, body_top + h * 0.05), (x - h * 0.24, y - h * 0.4)], fill=colour, width=lw)
        d.line([(x + h * 0.15, body_top + h * 0.05), (x + h * 0.24, y - h * 0.4)], fill=colour, width=lw)


def flower(d, x, y, r, petal, centre="#ffd166", stem="#4f7f3f"):
    d.line([(x, y), (x, y + r * 4)], fill=stem, width=max(3, int(r * 0.3)))
    for i in range(6):
        a = i * math.tau / 6
        px, py = x + math.cos(a) * r, y + math.sin(a) * r
        d.ellipse([px - r * 0.7, py - r * 0.7, px + r * 0.7, py + r * 0.7], fill=petal)
    d.ellipse([x - r * 0.6, y - r * 0.6, x + r * 0.6, y + r * 0.6], fill=centre)


def bubble(d, x, y, w, h, colour, tail_left=True, lines="#00000022"):
    d.rounded_rectangle([x, y, x + w, y + h], radius=h * 0.3, fill=colour)
    tx = x + w * (0.25 if tail_left else 0.75)
    d.polygon([(tx - w * 0.06, y + h - 2), (tx + w * 0.06, y + h - 2), (tx - w * 0.1 * (1 if tail_left else -1), y + h + h * 0.45)], fill=colour)
    for i in range(3):
        ly = y + h * (0.3 + i * 0.2)
        d.line([(x + w * 0.15, ly), (x + w * (0.85 - 0.2 * (i == 2)), ly)], fill=mix(colour, (60, 60, 60), 0.3), width=max(4, int(h * 0.05)))


def note(d, x, y, s, colour):
    d.ellipse([x - s * 0.35, y - s * 0.25, x + s * 0.35, y + s * 0.25], fill=colour)
    d.line([(x + s * 0.3, y), (x + s * 0.3, y - s * 1.6)], fill=colour, width=max(4, int(s * 0.12)))
    d.polygon([(x + s * 0.3, y - s * 1.6), (x + s * 0.85, y - s * 1.25), (x + s * 0.85, y - s * 1.0), (x + s * 0.3, y - s * 1.3)], fill=colour)


def hexagon(d, x, y, r, colour, outline=None):
    pts = [(x + r * math.cos(math.pi / 6 + i * math.pi / 3), y + r * math.sin(math.pi / 6 + i * math.pi / 3)) for i in range(6)]
    d.polygon(pts, fill=colour, outline=outline)


# --------------------------------------------------------------------------- motifs
# Each motif draws in the foreground: (draw, width, height, ground y, rng, palette).

def m_blocks(d, W, H, g, rng, p):
    for i in range(3):
        w = W * rng.uniform(0.17, 0.22)
        x = W * (0.1 + i * 0.3) + rng.uniform(-20, 20)
        h = H * rng.uniform(0.35, 0.5)
        block(d, x, g - h, w, h, jitter(p["acc"][i % len(p["acc"])], rng, 10), "#f7f3e9", rng)
    for i in range(4):
        tree(d, W * (0.05 + 0.3 * i), g + 10, H * 0.16, jitter(p["ground"], rng, 25))


def m_containers(d, W, H, g, rng, p):
    block(d, W * 0.62, g - H * 0.45, W * 0.3, H * 0.45, jitter("#d9c6a5", rng), "#f7f3e9", rng)
    for i in range(4):
        x = W * 0.08 + i * W * 0.12
        col = "#3f8f4f" if i < 2 else ["#2b5c8a", "#8a8d91"][i % 2]
        d.rounded_rectangle([x, g - H * 0.22, x + W * 0.1, g + H * 0.02], radius=18, fill=col)
        d.rounded_rectangle([x - 8, g - H * 0.26, x + W * 0.1 + 8, g - H * 0.2], radius=10, fill=mix(col, (0, 0, 0), 0.25))
        d.ellipse([x + W * 0.01, g, x + W * 0.03, g + H * 0.03], fill="#333333")
        d.ellipse([x + W * 0.07, g, x + W * 0.09, g + H * 0.03], fill="#333333")
    for i in range(3):
        bx = W * 0.15 + i * 70
        d.ellipse([bx, g + H * 0.1, bx + 55, g + H * 0.1 + 65], fill="#6fbf73")


def m_bags(d, W, H, g, rng, p):
    for i in range(5):
        x, s = W * (0.1 + i * 0.17) + rng.uniform(-20, 20), H * rng.uniform(0.13, 0.18)
        y = g + H * rng.uniform(0.02, 0.12)
        d.ellipse([x - s * 0.5, y - s, x + s * 0.5, y + s * 0.15], fill=rng.choice(["#3c3c3c", "#4a6fa5", "#3f8f4f"]))
        d.polygon([(x - s * 0.12, y - s * 0.95), (x + s * 0.12, y - s * 0.95), (x, y - s * 1.2)], fill="#555555")
    person(d, W * 0.82, g + H * 0.15, H * 0.4, jitter(p["acc"][1], rng))
    d.line([(W * 0.82 + H * 0.1, g - H * 0.08), (W * 0.9, g + H * 0.16)], fill="#666666", width=8)


def m_bees(d, W, H, g, rng, p):
    for row in range(3):
        for c in range(7):
            x = W * 0.5 + c * 95 + (47 if row % 2 else 0)
            y = H * 0.15 + row * 82
            hexagon(d, x, y, 48, mix("#f4c542", "#ffffff", 0.2 + 0.15 * ((row + c) % 3)), outline="#d99a1e")
    for i in range(3):
        x = W * 0.12 + i * W * 0.14
        d.rectangle([x, g - H * 0.25, x + W * 0.11, g], fill=["#f2e8cf", "#e9c46a", "#f4a261"][i])
        d.rectangle([x - 10, g - H * 0.28, x + W * 0.11 + 10, g - H * 0.24], fill="#8c6a4f")
        d.rectangle([x + W * 0.04, g - H * 0.04, x + W * 0.07, g - H * 0.01], fill="#3c3c3c")
    for _ in range(6):
        x, y = rng.uniform(W * 0.1, W * 0.9), rng.uniform(H * 0.25, H * 0.55)
        d.ellipse([x - 16, y - 10, x + 16, y + 10], fill="#f4c542")
        d.line([(x - 4, y - 10), (x - 4, y + 10)], fill="#222222", width=5)
        d.line([(x + 6, y - 10), (x + 6, y + 10)], fill="#222222", width=5)
        d.ellipse([x - 10, y - 26, x + 6, y - 8], fill=(255, 255, 255))
    for i in range(9):
        flower(d, W * (0.06 + i * 0.11), g + H * 0.12, 14, rng.choice(p["acc"]))


def m_bike(d, W, H, g, rng, p, cargo=None):
    x, y, r = W * 0.32, g + H * 0.06, H * 0.12
    col = jitter(p["acc"][0], rng)
    for cx in (x, x + r * 3.2):
        d.ellipse([cx - r, y - r, cx + r, y + r], outline="#333333", width=12)
        d.ellipse([cx - 10, y - 10, cx + 10, y + 10], fill="#333333")
    seat = (x + r * 1.3, y - r * 1.4)
    d.line([(x, y), (x + r * 1.5, y), seat, (x, y)], fill=col, width=14)
    d.line([(x + r * 1.5, y), (x + r * 2.6, y - r * 1.3), (x + r * 3.2, y)], fill=col, width=14)
    d.line([(x + r * 1.5, y - r * 1.3), (x + r * 2.6, y - r * 1.3)], fill=col, width=14)
    d.line([(seat[0] - 30, seat[1]), (seat[0] + 25, seat[1])], fill="#333333", width=16)
    d.line([(x + r * 2.6, y - r * 1.3), (x + r * 2.75, y - r * 1.8)], fill="#333333", width=10)
    if cargo or "ladcykel" in p.get("_words", ""):
        d.rectangle([x + r * 3.5, y - r * 1.4, x + r * 5.6, y - r * 0.2], fill="#f28c28")
        d.ellipse([x + r * 4.6 - r * 0.7, y - r * 0.7, x + r * 4.6 + r * 0.7, y + r * 0.7], outline="#333333", width=12)
    for i in range(4):
        d.line([(W * 0.05 + i * 40, g - H * 0.25), (W * 0.05 + i * 40, g + 4)], fill="#8a8d91", width=8)


def m_notes(d, W, H, g, rng, p):
    for i in range(6):
        note(d, W * (0.12 + i * 0.14) + rng.uniform(-20, 20), H * rng.uniform(0.2, 0.45), H * rng.uniform(0.06, 0.09), jitter(p["acc"][i % len(p["acc"])], rng))
    for i in range(7):
        person(d, W * (0.14 + i * 0.12), g + H * 0.12, H * rng.uniform(0.3, 0.36), mix(p["ground"], (30, 30, 50), 0.45 + 0.08 * (i % 3)))


def m_yarn(d, W, H, g, rng, p):
    for i in range(5):
        r = H * rng.uniform(0.09, 0.13)
        x, y = W * (0.15 + i * 0.17), g + H * rng.uniform(0.0, 0.08)
        col = jitter(p["acc"][i % len(p["acc"])], rng)
        d.ellipse([x - r, y - r, x + r, y + r], fill=col)
        dark = mix(col, (0, 0, 0), 0.25)
        for k in range(4):
            d.arc([x - r * (0.4 + k * 0.15), y - r * 0.9, x + r * 0.9, y + r * (0.4 + k * 0.15)], 180, 320, fill=dark, width=6)
    d.line([(W * 0.7, H * 0.62), (W * 0.92, H * 0.2)], fill="#8c6a4f", width=12)
    d.line([(W * 0.76, H * 0.62), (W * 0.86, H * 0.18)], fill="#8c6a4f", width=12)


def m_table(d, W, H, g, rng, p):
    ty = g - H * 0.02
    d.rounded_rectangle([W * 0.08, ty, W * 0.92, ty + H * 0.06], radius=10, fill="#b07d4f")
    d.rectangle([W * 0.12, ty + H * 0.06, W * 0.14, ty + H * 0.3], fill="#8c6a4f")
    d.rectangle([W * 0.86, ty + H * 0.06, W * 0.88, ty + H * 0.3], fill="#8c6a4f")
    for i in range(6):
        x = W * (0.15 + i * 0.135)
        d.ellipse([x - 45, ty - 18, x + 45, ty + 12], fill="#fdfdfd", outline="#d0d0d0", width=3)
    for i, col in enumerate(p["acc"][:3]):
        x = W * (0.25 + i * 0.25)
        d.rounded_rectangle([x - 60, ty - 110, x + 60, ty - 10], radius=20, fill=col)
        d.rectangle([x - 75, ty - 115, x + 75, ty - 100], fill=mix(col, (0, 0, 0), 0.3))
        for k in range(3):
            sx = x - 30 + k * 30
            d.arc([sx - 12, ty - 190 - k * 8, sx + 12, ty - 130], 100, 260, fill=(255, 255, 255), width=6)
    for i in range(5):
        person(d, W * (0.12 + i * 0.19), ty - 12, H * 0.3, mix(p["far"], (40, 40, 60), 0.5), arms_up=False)


def m_playground(d, W, H, g, rng, p):
    a = p["acc"]
    d.rectangle([W * 0.1, g - H * 0.45, W * 0.12, g], fill=a[2])
    d.rectangle([W * 0.28, g - H * 0.45, W * 0.3, g], fill=a[2])
    d.polygon([(W * 0.08, g - H * 0.45), (W * 0.2, g - H * 0.6), (W * 0.32, g - H * 0.45)], fill=a[0])
    d.rectangle([W * 0.1, g - H * 0.25, W * 0.3, g - H * 0.22], fill=a[1])
    d.line([(W * 0.3, g - H * 0.24), (W * 0.48, g)], fill=a[1], width=26)
    # swing
    d.line([(W * 0.58, g), (W * 0.64, g - H * 0.42), (W * 0.9, g - H * 0.42), (W * 0.96, g)], fill=a[2], width=14)
    for sx in (W * 0.7, W * 0.82):
        d.line([(sx, g - H * 0.42), (sx, g - H * 0.12)], fill="#555555", width=5)
        d.line([(sx + 50, g - H * 0.42), (sx + 50, g - H * 0.12)], fill="#555555", width=5)
        d.rectangle([sx - 10, g - H * 0.13, sx + 60, g - H * 0.1], fill=a[0])
    person(d, W * 0.72, g - H * 0.11, H * 0.22, a[3])
    person(d, W * 0.2, g - H * 0.25, H * 0.2, a[0])
    d.ellipse([W * 0.5, g + H * 0.06, W * 0.5 + 70, g + H * 0.06 + 70], fill=a[1])


def m_football(d, W, H, g, rng, p):
    d.rectangle([W * 0.58, g - H * 0.32, W * 0.6, g + H * 0.05], fill="#ffffff")
    d.rectangle([W * 0.9, g - H * 0.32, W * 0.92, g + H * 0.05], fill="#ffffff")
    d.rectangle([W * 0.58, g - H * 0.34, W * 0.92, g - H * 0.31], fill="#ffffff")
    for i in range(1, 8):
        x = W * 0.6 + i * (W * 0.3 / 8)
        d.line([(x, g - H * 0.31), (x, g + H * 0.05)], fill=(255, 255, 255), width=3)
    bx, by, r = W * 0.35, g + H * 0.1, H * 0.09
    d.ellipse([bx - r, by - r, bx + r, by + r], fill="#ffffff", outline="#333333", width=6)
    hexagon(d, bx, by, r * 0.38, "#333333")
    for k in range(5):
        a = -math.pi / 2 + k * math.tau / 5
        hexagon(d, bx + math.cos(a) * r * 0.8, by + math.sin(a) * r * 0.8, r * 0.22, "#333333")
    person(d, W * 0.15, g + H * 0.15, H * 0.34, p["acc"][0])
    person(d, W * 0.75, g + H * 0.12, H * 0.3, p["acc"][2], arms_up=True)
    d.line([(0, g + H * 0.22), (W, g + H * 0.22)], fill=(255, 255, 255), width=6)


def bunting(d, W, y, rng, colours, sag=40):
    n = 14
    pts = [(W * i / n, y + sag * math.sin(math.pi * i / n)) for i in range(n + 1)]
    d.line(pts, fill="#555555", width=4)
    for i in range(n):
        (x1, y1), (x2, y2) = pts[i], pts[i + 1]
        d.polygon([(x1 + 6, y1), (x2 - 6, y2), ((x1 + x2) / 2, (y1 + y2) / 2 + 55)], fill=colours[i % len(colours)])


def m_party(d, W, H, g, rng, p):
    bunting(d, W, H * 0.12, rng, p["acc"] + ["#ffffff"])
    tx = W * 0.55
    d.polygon([(tx, g - H * 0.45), (tx - W * 0.2, g - H * 0.25), (tx + W * 0.2, g - H * 0.25)], fill="#ffffff")
    for i in range(4):
        x = tx - W * 0.2 + i * W * 0.1
        d.polygon([(tx, g - H * 0.45), (x, g - H * 0.25), (x + W * 0.05, g - H * 0.25)], fill=p["acc"][0])
    d.rectangle([tx - W * 0.19, g - H * 0.25, tx + W * 0.19, g], fill="#fbf7ee")
    d.rectangle([tx - W * 0.05, g - H * 0.18, tx + W * 0.05, g], fill=mix(p["acc"][0], (0, 0, 0), 0.2))
    for i in range(3):
        x, y = W * (0.1 + i * 0.08), H * (0.35 + 0.05 * i)
        d.ellipse([x - 30, y - 40, x + 30, y + 40], fill=p["acc"][(i + 1) % 4])
        d.line([(x, y + 40), (x + 10, g)], fill="#777777", width=3)
    for i in range(5):
        person(d, W * (0.08 + i * 0.2) + rng.uniform(-20, 20), g + H * 0.16, H * 0.3, mix(p["ground"], (20, 20, 40), 0.5), arms_up=(i % 2 == 0))


def m_balconies(d, W, H, g, rng, p):
    block(d, W * 0.08, g - H * 0.62, W * 0.5, H * 0.62, jitter("#e2b35c", rng, 8), "#f7f3e9", rng, floors=5, balconies="#8fbcd4")
    block(d, W * 0.66, g - H * 0.45, W * 0.28, H * 0.45, jitter("#d9c6a5", rng, 8), "#f7f3e9", rng, floors=4)
    tree(d, W * 0.62, g + 10, H * 0.22, jitter(p["ground"], rng, 20))


def m_washers(d, W, H, g, rng, p):
    d.rectangle([0, g - H * 0.02, W, H], fill="#d8dde2")
    for i in range(5):
        x = W * (0.06 + i * 0.185)
        d.rounded_rectangle([x, g - H * 0.38, x + W * 0.16, g + H * 0.08], radius=16, fill="#f5f7fa", outline="#b8c0c8", width=5)
        cx, cy, r = x + W * 0.08, g - H * 0.12, W * 0.055
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill="#9cc9e6", outline="#8a949e", width=10)
        d.rectangle([x + 20, g - H * 0.34, x + 80, g - H * 0.31], fill=p["acc"][i % len(p["acc"])])


def m_books(d, W, H, g, rng, p):
    x = W * 0.1
    while x < W * 0.6:
        w, h = rng.uniform(40, 70), H * rng.uniform(0.22, 0.34)
        d.rectangle([x, g - h, x + w, g], fill=jitter(rng.choice(p["acc"]), rng))
        d.rectangle([x + 8, g - h + 20, x + w - 8, g - h + 30], fill=(255, 255, 255))
        x += w + 4
    cx, cy, r = W * 0.76, g - H * 0.28, H * 0.17
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill="#5aa9e6")
    d.ellipse([cx - r * 0.5, cy - r * 0.6, cx + r * 0.2, cy + r * 0.1], fill="#7fb069")
    d.ellipse([cx + r * 0.1, cy + r * 0.1, cx + r * 0.7, cy + r * 0.6], fill="#7fb069")
    d.arc([cx - r * 1.2, cy - r * 1.2, cx + r * 1.2, cy + r * 1.2], 200, 340, fill="#8c6a4f", width=10)
    d.rectangle([cx - 8, cy + r, cx + 8, g - 10], fill="#8c6a4f")
    d.rectangle([cx - 70, g - 14, cx + 70, g], fill="#8c6a4f")
    d.rectangle([0, g, W, H], fill="#c79a6b")


def m_eggs(d, W, H, g, rng, p):
    for i in range(7):
        x, y = W * (0.1 + i * 0.13), g + H * rng.uniform(0.02, 0.12)
        rx, ry = H * 0.07, H * 0.095
        col = jitter(p["acc"][i % len(p["acc"])], rng)
        d.ellipse([x - rx, y - ry, x + rx, y + ry], fill=col)
        for k in (-0.3, 0.2):
            d.line([(x - rx * 0.9, y + ry * k), (x + rx * 0.9, y + ry * k)], fill=(255, 255, 255), width=8)
    for i in range(2):
        x, y = W * (0.3 + i * 0.35), g - H * 0.05
        d.ellipse([x - 40, y - 30, x + 40, y + 30], fill="#ffd43b")
        d.ellipse([x + 15, y - 60, x + 55, y - 20], fill="#ffd43b")
        d.polygon([(x + 55, y - 42), (x + 72, y - 38), (x + 55, y - 32)], fill="#f08c00")
        d.ellipse([x + 36, y - 48, x + 44, y - 40], fill="#222222")
    for i in range(6):
        flower(d, W * (0.05 + i * 0.18), g - H * 0.18, 12, "#ffffff")


def m_harvest(d, W, H, g, rng, p):
    for i in range(5):
        x, y, r = W * (0.12 + i * 0.18), g + H * rng.uniform(0.02, 0.1), H * rng.uniform(0.07, 0.1)
        d.ellipse([x - r * 1.3, y - r, x + r * 1.3, y + r], fill="#f28c28")
        for k in (-0.5, 0, 0.5):
            d.arc([x + r * k - r * 0.5, y - r, x + r * k + r * 0.5, y + r], 90, 270, fill="#d9480f", width=5)
        d.rectangle([x - 6, y - r - 22, x + 6, y - r + 4], fill="#5c7f3a")
    for i in range(6):
        x, y = W * (0.05 + i * 0.17) + 60, g + H * 0.22
        d.ellipse([x - 24, y - 24, x + 24, y + 24], fill=rng.choice(["#c92a2a", "#e8590c", "#94d82d"]))
    jx, jy = W * 0.86, g - H * 0.02
    d.rounded_rectangle([jx - 45, jy - 110, jx + 45, jy], radius=16, fill="#f0a500")
    d.rectangle([jx - 50, jy - 130, jx + 50, jy - 104], fill="#8c6a4f")


def m_sprouts(d, W, H, g, rng, p):
    for i in range(7):
        x = W * (0.08 + i * 0.13)
        d.polygon([(x - 45, g - 70), (x + 45, g - 70), (x + 32, g + 10), (x - 32, g + 10)], fill="#c8734a")
        d.line([(x, g - 70), (x, g - 140)], fill="#4f9d3a", width=8)
        d.ellipse([x - 50, g - 165, x, g - 130], fill="#6fbf4a")
        d.ellipse([x, g - 175, x + 50, g - 138], fill="#6fbf4a")
    d.polygon([(W * 0.02, H * 0.08), (W * 0.5, H * 0.02), (W * 0.98, H * 0.08)], fill=(255, 255, 255))
    for i in range(5):
        flower(d, W * (0.1 + i * 0.2), g + H * 0.13, 14, rng.choice(p["acc"]))


def m_beds(d, W, H, g, rng, p):
    for i in range(3):
        x, w, h = W * (0.05 + i * 0.32), W * 0.26, H * (0.16 + 0.06 * (i % 2))
        d.rectangle([x, g - h, x + w, g + H * 0.05], fill="#b07d4f")
        for k in range(3):
            d.line([(x, g - h + k * h * 0.45), (x + w, g - h + k * h * 0.45)], fill="#8c6a4f", width=5)
        for k in range(5):
            px = x + w * (0.12 + k * 0.19)
            if (i + k) % 2:
                d.ellipse([px - 28, g - h - 45, px + 28, g - h + 5], fill="#7cc46b")
            else:
                flower(d, px, g - h - 40, 12, rng.choice(p["acc"]))
    person(d, W * 0.92, g + H * 0.12, H * 0.34, p["acc"][2])


def m_frames(d, W, H, g, rng, p):
    d.rectangle([0, 0, W, H], fill="#f5efe6")
    d.rectangle([0, H * 0.8, W, H], fill="#c8b49a")
    for i in range(4):
        x, y = W * (0.07 + i * 0.23), H * (0.18 + 0.06 * (i % 2))
        w, h = W * 0.18, H * 0.38
        d.rectangle([x, y, x + w, y + h], fill="#3c3c3c")
        d.rectangle([x + 14, y + 14, x + w - 14, y + h - 14], fill=mix(p["acc"][i % 4], (255, 255, 255), 0.35))
        person(d, x + w / 2, y + h - 14, h * 0.72, mix(p["acc"][i % 4], (0, 0, 0), 0.35))


def m_portrait(d, W, H, g, rng, p):
    d.rectangle([0, 0, W, H], fill="#f3e9dc")
    d.rectangle([W * 0.45, H * 0.1, W * 0.9, H * 0.7], fill="#9cc9e6")
    cloud(d, W * 0.62, H * 0.3, 36)
    tree(d, W * 0.78, H * 0.7, H * 0.3, "#7fb069")
    d.rectangle([W * 0.44, H * 0.08, W * 0.91, H * 0.11], fill="#ffffff")
    d.rectangle([W * 0.665, H * 0.1, W * 0.675, H * 0.7], fill="#ffffff")
    d.rectangle([W * 0.42, H * 0.7, W * 0.93, H * 0.74], fill="#ffffff")
    for i in range(4):
        x = W * (0.5 + i * 0.11)
        d.polygon([(x - 30, H * 0.62), (x + 30, H * 0.62), (x + 22, H * 0.7), (x - 22, H * 0.7)], fill="#c8734a")
        flower(d, x, H * 0.55, 14, "#e5383b", stem="#4f7f3f")
    person(d, W * 0.25, H * 0.98, H * 0.6, "#6d597a", skin="#e8c4a8")
    d.ellipse([W * 0.25 - 38, H * 0.38 - 40, W * 0.25 + 38, H * 0.38 + 5], fill="#e9ecef")
    d.rectangle([0, H * 0.92, W, H], fill="#c8b49a")


def m_shelves(d, W, H, g, rng, p):
    d.rectangle([0, 0, W, H], fill="#efe6d8")
    for row in range(3):
        y = H * (0.3 + row * 0.27)
        d.rectangle([W * 0.05, y, W * 0.95, y + 14], fill="#8c6a4f")
        x = W * 0.08
        while x < W * 0.9:
            kind, col = rng.randrange(4), jitter(rng.choice(p["acc"]), rng)
            if kind == 0:  # lamp
                d.polygon([(x, y - 20), (x + 70, y - 20), (x + 55, y - 80), (x + 15, y - 80)], fill=col)
                d.rectangle([x + 30, y - 20, x + 40, y], fill="#555555")
                x += 95
            elif kind == 1:  # books
                for k in range(3):
                    d.rectangle([x + k * 24, y - rng.randint(60, 90), x + k * 24 + 20, y], fill=jitter(rng.choice(p["acc"]), rng))
                x += 90
            elif kind == 2:  # plates
                d.ellipse([x, y - 80, x + 80, y], fill="#fdfdfd", outline=col, width=8)
                x += 100
            else:  # cup
                d.rounded_rectangle([x, y - 55, x + 50, y], radius=10, fill=col)
                d.arc([x + 35, y - 45, x + 70, y - 15], 270, 90, fill=col, width=8)
                x += 90


def m_lake(d, W, H, g, rng, p):
    d.ellipse([-W * 0.1, g - H * 0.02, W * 1.1, H * 1.2], fill="#5aa9e6")
    for i in range(5):
        y = g + H * (0.08 + i * 0.06)
        d.line([(W * (0.2 + 0.1 * i), y), (W * (0.3 + 0.1 * i), y)], fill=(255, 255, 255), width=5)
    cx, cy = W * 0.5, g + H * 0.12
    d.polygon([(cx - 160, cy), (cx + 160, cy), (cx + 120, cy + 40), (cx - 120, cy + 40)], fill="#e76f51")
    for k in (-60, 40):
        person(d, cx + k, cy + 5, H * 0.2, "#264653")
    d.line([(cx + 40, cy - 40), (cx + 140, cy + 60)], fill="#8c6a4f", width=8)
    for i in range(3):
        tree(d, W * (0.05 + i * 0.08), g + 8, H * 0.2, "#4f8a3f", kind=1)


def m_notice(d, W, H, g, rng, p):
    d.rounded_rectangle([W * 0.1, H * 0.1, W * 0.5, H * 0.85], radius=12, fill="#ffffff", outline="#cccccc", width=4)
    d.rectangle([W * 0.14, H * 0.16, W * 0.46, H * 0.22], fill=p["acc"][0])
    for i in range(7):
        y = H * (0.3 + i * 0.075)
        d.ellipse([W * 0.14, y - 8, W * 0.14 + 16, y + 8], fill=p["acc"][1])
        d.line([(W * 0.17, y), (W * (0.44 - 0.06 * (i % 3)), y)], fill="#9aa5ad", width=8)
    d.ellipse([W * 0.29, H * 0.07, W * 0.31, H * 0.07 + 24], fill="#e63946")
    block(d, W * 0.6, g - H * 0.5, W * 0.3, H * 0.5, jitter(p["acc"][3], rng, 8), "#f7f3e9", rng)


def m_hands(d, W, H, g, rng, p):
    d.rounded_rectangle([W * 0.3, H * 0.08, W * 0.7, H * 0.3], radius=14, fill="#ffffff")
    for i in range(3):
        d.line([(W * 0.34, H * (0.14 + i * 0.05)), (W * (0.66 - 0.08 * i), H * (0.14 + i * 0.05))], fill="#b0b8bf", width=8)
    for i in range(7):
        x = W * (0.08 + i * 0.14)
        person(d, x, H * 1.05, H * 0.55, mix(p["acc"][i % 4], (0, 0, 0), 0.1), arms_up=(i % 3 != 1))


def m_meeting(d, W, H, g, rng, p):
    d.rectangle([0, 0, W, H], fill="#eef2ef")
    d.rounded_rectangle([W * 0.12, H * 0.55, W * 0.88, H * 0.72], radius=20, fill="#b07d4f")
    for i in range(4):
        x = W * (0.2 + i * 0.2)
        d.rectangle([x - 50, H * 0.5, x + 50, H * 0.58], fill="#ffffff")
        d.ellipse([x + 60, H * 0.48, x + 100, H * 0.56], fill=p["acc"][i % 4])
    for i in range(5):
        person(d, W * (0.15 + i * 0.175), H * 0.56, H * 0.35, mix(p["acc"][i % 4], (0, 0, 0), 0.2))
    d.polygon([(W * 0.85, H * 0.55), (W * 0.8, H * 0.42), (W * 0.9, H * 0.42)], fill="#6a994e")
    d.rectangle([W * 0.82, H * 0.5, W * 0.88, H * 0.55], fill="#c8734a")


def m_cars(d, W, H, g, rng, p):
    d.rectangle([0, g, W, H], fill="#9aa5ad")
    for i in range(6):
        d.line([(W * (0.03 + i * 0.17), g + 10), (W * (0.03 + i * 0.17), H)], fill=(255, 255, 255), width=6)
    for i in range(4):
        x, y = W * (0.06 + i * 0.23), g + H * 0.12
        col = jitter(rng.choice(p["acc"]), rng)
        d.rounded_rectangle([x, y - 50, x + 150, y + 10], radius=18, fill=col)
        d.rounded_rectangle([x + 30, y - 95, x + 120, y - 40], radius=18, fill=col)
        d.rectangle([x + 42, y - 85, x + 108, y - 50], fill="#cfe3f0")
        for wx in (x + 30, x + 120):
            d.ellipse([wx - 22, y - 10, wx + 22, y + 34], fill="#333333")
    d.rectangle([W * 0.93, g - H * 0.3, W * 0.94, g], fill="#555555")
    d.rounded_rectangle([W * 0.9, g - H * 0.38, W * 0.97, g - H * 0.28], radius=8, fill="#1971c2")
    d.text((W * 0.918, g - H * 0.375), "P", fill=(255, 255, 255), font=find_font(SANS_BOLD, int(H * 0.09)))


def m_bubbles(d, W, H, g, rng, p):
    cols = [mix(c, (255, 255, 255), 0.15) for c in p["acc"]]
    bubble(d, W * 0.06, H * 0.1, W * 0.4, H * 0.28, cols[0], True)
    bubble(d, W * 0.52, H * 0.2, W * 0.42, H * 0.3, cols[3] if cols[3] != (255, 255, 255) else cols[1], False)
    bubble(d, W * 0.25, H * 0.5, W * 0.32, H * 0.2, cols[2], True)
    person(d, W * 0.15, H * 1.02, H * 0.3, mix(p["ground"], (0, 0, 0), 0.4))
    person(d, W * 0.85, H * 1.02, H * 0.32, mix(p["ground"], (0, 0, 0), 0.3))


def m_tug(d, W, H, g, rng, p):
    y = g + H * 0.02
    d.line([(W * 0.05, y - H * 0.12), (W * 0.95, y - H * 0.12)], fill="#a0784f", width=18)
    d.rectangle([W * 0.495, y - H * 0.17, W * 0.505, y - H * 0.07], fill="#e63946")
    for side, col in ((-1, p["acc"][0]), (1, p["acc"][2])):
        for k in range(4):
            x = W * 0.5 + side * W * (0.12 + k * 0.1)
            person(d, x + side * 20, y + H * 0.1, H * 0.34, mix(col, (0, 0, 0), 0.08 * k))
    bunting(d, W, H * 0.1, rng, p["acc"] + ["#ffffff"], sag=30)


MOTIFS = {name[2:]: fn for name, fn in globals().items() if name.startswith("m_")}


# --------------------------------------------------------------------------- scenes

def landscape(size, rng, pal, motif, words=""):
    W, H = size[0] * SS, size[1] * SS
    top, bottom = jitter(pal["sky"][0], rng, 10), jitter(pal["sky"][1], rng, 6)
    img = gradient((W, H), top, bottom)
    d = ImageDraw.Draw(img)
    sun(d, W * rng.uniform(0.65, 0.9), H * rng.uniform(0.12, 0.22), H * rng.uniform(0.07, 0.1),
        mix("#ffd166", (255, 255, 255), rng.uniform(0, 0.3)))
    for _ in range(rng.randint(1, 3)):
        cloud(d, W * rng.uniform(0.05, 0.6), H * rng.uniform(0.1, 0.3), H * rng.uniform(0.04, 0.06))
    g = H * rng.uniform(0.68, 0.74)
    far = jitter(pal["far"], rng, 8)
    x = -20
    while x < W:  # skyline of the neighbourhood, far away
        w, h = rng.uniform(W * 0.08, W * 0.16), rng.uniform(H * 0.12, H * 0.3)
        d.rectangle([x, g - h, x + w, g], fill=far)
        x += w + rng.uniform(10, 60)
    hills(d, W, H, g - H * 0.02, H * 0.025, mix(pal["ground"], (255, 255, 255), 0.25), rng, waves=1.3)
    hills(d, W, H, g + H * 0.02, H * 0.02, jitter(pal["ground"], rng, 8), rng, waves=2.1)
    pal = dict(pal, _words=words)
    MOTIFS.get(motif, m_blocks)(d, W, H, g, rng, pal)
    return img.resize(size, Image.LANCZOS)


def pick_motif(item, name):
    bb = item.get("_beboerblad") or {}
    words = " ".join([name, item.get("id", "")] + [t.lower() for t in item.get("tags", []) if isinstance(t, str)])
    tags = {t.lower() for t in item.get("tags", []) if isinstance(t, str)}
    for word, motif in MOTIF_WORDS:
        slug = r"(^|-)" + re.escape(word) + r"($|-)"
        if re.search(slug, name) or word in tags or re.search(slug, item.get("id", "")):
            return motif, words
    return SECTION_MOTIF.get(bb.get("section"), "blocks"), words


def item_image(item, name):
    bb = item.get("_beboerblad") or {}
    pal = PALETTES.get(bb.get("section"), DEFAULT_PALETTE)
    motif, words = pick_motif(item, name)
    return landscape(ITEM_SIZE, rng_for(name), pal, motif, words)


def fit_font(names, text, max_width, start):
    size = start
    while size > 10:
        font = find_font(names, size)
        if font.getlength(text) <= max_width:
            return font
        size -= 4
    return find_font(names, size)


def cover_image(issue, publication, index):
    W, H = COVER_SIZE[0] * SS, COVER_SIZE[1] * SS
    rng = rng_for("forside-" + issue["id"])
    month = (issue.get("title") or "").split()[-1].lower() if issue.get("title") else ""
    motif = COVER_MOTIF.get(month, ["sprouts", "playground", "party", "harvest"][index % 4])
    pal = {"sprouts": PALETTES["miljoe"], "eggs": PALETTES["miljoe"], "playground": PALETTES["boern"],
           "party": PALETTES["kultur"], "harvest": PALETTES["debat"], "lake": PALETTES["boern"]}.get(motif, PALETTES["nyt"])
    band = COVER_COLOURS[index % len(COVER_COLOURS)]

    img = Image.new("RGB", (W, H), "#fbf7ef")
    scene = landscape((W // SS, int(H * 0.64) // SS), rng, pal, motif).resize((W, int(H * 0.64)), Image.LANCZOS)
    img.paste(scene, (0, H - scene.height))
    d = ImageDraw.Draw(img)
    head = int(H * 0.36)
    d.rectangle([0, 0, W, head], fill=band)
    d.rectangle([0, head - 12, W, head], fill=mix(band, (0, 0, 0), 0.25))

    title = publication or "Skræppebladet"
    font = fit_font(SERIF_BOLD, title, W * 0.88, int(H * 0.09))
    tw = font.getlength(title)
    d.text(((W - tw) / 2, H * 0.06), title, font=font, fill="#ffffff")
    sub = "Beboerblad for Boligforeningen Skræppen"
    sfont = fit_font(SANS, sub, W * 0.8, int(H * 0.026))
    d.text(((W - sfont.getlength(sub)) / 2, H * 0.18), sub, font=sfont, fill=mix(band, (255, 255, 255), 0.75))
    label = issue.get("title") or issue["id"]
    lfont = fit_font(SANS_BOLD, label, W * 0.7, int(H * 0.045))
    lw = lfont.getlength(label)
    pad = H * 0.018
    box = [(W - lw) / 2 - pad * 2, H * 0.245, (W + lw) / 2 + pad * 2, H * 0.245 + lfont.size + pad * 2]
    d.rounded_rectangle(box, radius=pad * 1.5, fill="#ffffff")
    d.text(((W - lw) / 2, H * 0.245 + pad * 0.7), label, font=lfont, fill=band)

    if isinstance(issue.get("pages"), int):
        r = H * 0.055
        cx, cy = W - r * 1.4, head + r * 1.4
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill="#ffd166", outline="#ffffff", width=6)
        pf = find_font(SANS_BOLD, int(r * 0.62))
        t1, t2 = str(issue["pages"]), "sider"
        d.text((cx - pf.getlength(t1) / 2, cy - r * 0.62), t1, font=pf, fill="#333333")
        sf = find_font(SANS, int(r * 0.36))
        d.text((cx - sf.getlength(t2) / 2, cy + r * 0.08), t2, font=sf, fill="#333333")
    return img.resize(COVER_SIZE, Image.LANCZOS)


# --------------------------------------------------------------------------- feed

def read_feed(content):
    pages, seen, name = [], set(), "feed.json"
    while name and name not in seen and len(pages) < 20:
        seen.add(name)
        path = content / name
        if not path.is_file():
            break
        page = json.loads(path.read_text(encoding="utf-8"))
        pages.append(page)
        nxt = page.get("next_url")
        name = nxt.split("?")[0].lstrip("/") if isinstance(nxt, str) and "://" not in nxt else None
    return pages


def local(content, url):
    if not isinstance(url, str) or "://" in url or url.startswith("/") or ".." in url:
        return None
    return content / url


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", type=Path, default=Path(__file__).resolve().parent.parent / "content")
    ap.add_argument("--force", action="store_true", help="redraw images that already exist")
    args = ap.parse_args()
    content = args.content
    pages = read_feed(content)
    if not pages:
        sys.exit(f"no feed.json in {content}")
    ext = pages[0].get("_beboerblad") or {}
    publication = (ext.get("publication") or {}).get("name") or pages[0].get("title")

    jobs = []  # (path, maker, budget)
    for i, issue in enumerate(sorted(ext.get("issues", []), key=lambda x: x.get("date", ""))):
        path = local(content, issue.get("cover"))
        if path:
            jobs.append((path, lambda issue=issue, i=i: cover_image(issue, publication, i), COVER_BUDGET))
    for page in pages:
        for item in page.get("items", []):
            path = local(content, item.get("image"))
            if path:
                jobs.append((path, lambda item=item, n=path.stem: item_image(item, n), ITEM_BUDGET))
            for src in re.findall(r'<img[^>]+src="([^"]+)"', item.get("content_html") or ""):
                path = local(content, src)
                if path:
                    jobs.append((path, lambda item=item, n=path.stem: item_image(item, n), ITEM_BUDGET))

    made = skipped = total = 0
    for path, maker, budget in jobs:
        if path.exists() and not args.force:
            skipped += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        total += save_jpeg(maker().convert("RGB"), path, budget)
        made += 1
    print(f"{made} images written ({total // 1024} KB), {skipped} already there")


if __name__ == "__main__":
    main()
