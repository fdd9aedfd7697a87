#!/usr/bin/python3
"""Cuts the fonts for scripts beyond Latin into small files the dashboard loads only when a text
needs them (run by web/CMakeLists.txt; fonttools and the fonts are Debian packages).

Every file holds the glyphs of one 256-code-point page from one source font, named
<source>-<page in hex>.<ext>. The sources are tried in order: a code point goes to the first that
has it. The manifest lists each file with the code points it has, as ranges "first-last" in hex,
and the size to draw it at relative to Inter's, one file per line; the client reads it to know
which file to fetch for a character.
"""
import argparse
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# What the embedded Inter already has (web/CMakeLists.txt's TEXT_UNICODES; theme.cpp's kTextRanges).
BASE = [(0x20, 0x17F), (0x2010, 0x205E), (0x20AC, 0x20AC), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x25A0, 0x25FF)]

SOURCES = [
    # Latin beyond Central Europe (Vietnamese, Romanian...), Greek and Cyrillic in the UI's own face.
    ("latin", "/usr/share/fonts/opentype/inter/Inter-Regular.otf", 0,
     [(0x180, 0x24F), (0x1E00, 0x1EFF), (0x370, 0x3FF), (0x1F00, 0x1FFF), (0x400, 0x52F)]),
    ("hebrew", "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf", 0, [(0x590, 0x5FF), (0xFB1D, 0xFB4F)]),
    ("arabic", "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", 0,
     [(0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]),
    # Font 0 of the collection is the Japanese cut; it has the common Chinese and Korean characters.
    ("cjk", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0,
     [(0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x33FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xFF00, 0xFFEF)]),
    # Monochrome emoji and symbols: ImGui's rasteriser draws outlines, not colour bitmaps.
    ("symbols", "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 0,
     [(0x2000, 0x2BFF), (0x1F000, 0x1FAFF)]),
]


def in_ranges(cp, ranges):
    return any(first <= cp <= last for first, last in ranges)


def runs(cps):
    """Sorted code points -> [(first, last), ...] of consecutive runs."""
    out = []
    for cp in cps:
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def em_scale(path, number, reference):
    """How much larger than Inter's a font must be set for its em to match Inter's. ImGui sizes a
    font by its line (ascent - descent), and a script's font has a taller line for its marks:
    at the same size Noto Sans CJK's em is 0.84 of Inter's, Noto Sans Arabic's 0.57."""
    def line(font):
        return (font["hhea"].ascent - font["hhea"].descent) / font["head"].unitsPerEm
    return line(TTFont(path, fontNumber=number, lazy=True)) / line(reference)


def cut(job):
    path, number, cps, output = job
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    font = TTFont(path, fontNumber=number, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=cps)
    subsetter.subset(font)
    font.save(output)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, help="folder for the font files (the bundle's stage)")
    parser.add_argument("--manifest", required=True, help="the manifest, embedded in the app")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    claimed = set()
    jobs = []
    lines = []
    inter = TTFont(SOURCES[0][1], lazy=True)
    for tag, path, number, ranges in SOURCES:
        cmap = TTFont(path, fontNumber=number, lazy=True).getBestCmap()
        scale = em_scale(path, number, inter)
        pages = {}
        for cp in sorted(cmap):
            if cp in claimed or in_ranges(cp, BASE) or not in_ranges(cp, ranges):
                continue
            claimed.add(cp)
            pages.setdefault(cp >> 8, []).append(cp)
        suffix = ".otf" if path.endswith((".otf", ".ttc")) else ".ttf"
        for page, cps in sorted(pages.items()):
            name = f"{tag}-{page:x}{suffix}"
            jobs.append((path, number, cps, str(out / name)))
            lines.append(f"{name} " + ",".join(f"{a:x}-{b:x}" for a, b in runs(cps)) + f" {scale:.3f}")

    wanted = {Path(job[3]).name for job in jobs}
    for stale in out.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(cut, jobs))
    Path(args.manifest).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
