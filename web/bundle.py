#!/usr/bin/python3
"""Turns the raw web build into the bundle the server ships (run by web/bundle.cmake).

Every file of the staging folder (emscripten's app.js and app.wasm, and whatever else is put there,
in subfolders too) is copied to the output folder under a content-hashed name, name.<hash>.ext;
app.js is rewritten to load the hashed app.wasm before its own hash is taken. index.html gets the
hashed script and, before it, window.tandemAssets: original path -> hashed path, for files the
client loads by name. Compressible files get FILE.br (brotli -q 11) and FILE.gz (gzip -9, no name
or time, so reproducible) beside them when that is smaller. Whatever an earlier run left that is
not part of this bundle is removed (see the end of main()).

Cheap when nothing changed: hashed files are content-addressed, so one already in the output
folder (with its siblings) is kept as it is, and index.html is only rewritten when it differs.
That keeps mtimes, and so the server's ETags, stable across builds that change nothing.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

HASH_DIGITS = 12
COMPRESSIBLE = {".html", ".js", ".mjs", ".wasm", ".json", ".ttf", ".otf", ".svg", ".css"}
# A name as hashed_name() writes it, siblings included (static_files.cpp's IsContentHashed agrees).
HASHED = re.compile(r"\.[0-9a-f]{%d}(\.[^./]+)?(\.br|\.gz)?$" % HASH_DIGITS)


def hashed_name(relative, data):
    """fonts/Inter.otf -> fonts/Inter.<hash>.otf; a name without extension gets .<hash> appended."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_DIGITS]
    path = PurePosixPath(relative)
    if path.suffix and path.stem:
        return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))
    return f"{relative}.{digest}"


def staged_files(stage):
    """Relative POSIX paths of the regular files under `stage`, hidden ones and folders skipped."""
    found = []
    for folder, dirs, files in os.walk(stage):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                found.append(Path(folder, name).relative_to(stage).as_posix())
    return found


def write_atomically(path, data):
    """Readers (the server) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bundle-")
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def compressed(data, brotli):
    """{".br": bytes, ".gz": bytes}, each only if smaller than `data`."""
    variants = {
        ".br": subprocess.run([brotli, "-q", "11", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout,
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
    }
    return {suffix: bytes_ for suffix, bytes_ in variants.items() if len(bytes_) < len(data)}


def publish(out, relative, data, brotli, reuse):
    """Writes out/relative and its compressed siblings; returns every name written or kept.

    With `reuse` (a content-hashed name) a file already there is this content, and its siblings too.
    """
    target = out / relative
    names = [relative]
    compressible = PurePosixPath(relative).suffix in COMPRESSIBLE
    if reuse and target.is_file() and target.stat().st_size == len(data):
        if compressible:
            names += [relative + s for s in (".br", ".gz") if Path(str(target) + s).is_file()]
        return names
    if not reuse and target.is_file() and target.read_bytes() == data:
        # Same content: keep the file and its siblings if they are there; make them if not.
        siblings = [relative + s for s in (".br", ".gz") if Path(str(target) + s).is_file()]
        if siblings or not compressible:
            return names + siblings
    if compressible:
        # Siblings first: a server that sees the new file already finds its compressed forms.
        for suffix, bytes_ in compressed(data, brotli).items():
            write_atomically(Path(str(target) + suffix), bytes_)
            names.append(relative + suffix)
        for suffix in (".br", ".gz"):
            if relative + suffix not in names:
                Path(str(target) + suffix).unlink(missing_ok=True)
    write_atomically(target, data)
    return names


def rewrite_index(html, manifest, entry):
    """index.html with hashed src/href values and the manifest just before the entry script."""
    def hashed_attribute(match):
        return f'{match.group(1)}="{manifest.get(match.group(2), match.group(2))}"'

    html = re.sub(r'\b(src|href)="([^"]*)"', hashed_attribute, html)
    script = f'<script src="{manifest[entry]}"></script>'
    if html.count(script) != 1:
        sys.exit(f"bundle: index.html must load {entry} once with <script src=\"{entry}\"></script>")
    # "<" escaped: no file name can end the inline script early.
    assets = json.dumps(manifest, sort_keys=True, separators=(", ", ": ")).replace("<", "\\u003c")
    return html.replace(script, f"<script>window.tandemAssets = {assets};</script>\n{script}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, type=Path, help="the raw build: app.js, app.wasm, ...")
    parser.add_argument("--index", required=True, type=Path, help="the source index.html")
    parser.add_argument("--out", required=True, type=Path, help="the bundle folder the server serves")
    parser.add_argument("--entry", default="app.js", help="the script index.html loads")
    parser.add_argument("--brotli", default="brotli", help="the brotli command")
    args = parser.parse_args()

    files = staged_files(args.stage)
    if args.entry not in files:
        sys.exit(f"bundle: {args.stage / args.entry} is missing: the app has not been linked")
    contents = {relative: (args.stage / relative).read_bytes() for relative in files}
    manifest = {relative: hashed_name(relative, data) for relative, data in contents.items() if relative != args.entry}

    # The loader names its side files ("app.wasm") as string literals: point them at the hashed
    # names, then hash the loader itself. app.wasm is required to be named exactly once, so an
    # emscripten that loads it differently fails the build instead of a page load.
    entry = PurePosixPath(args.entry)
    script = contents[args.entry]
    for relative in manifest:
        side = PurePosixPath(relative)
        if side.parent == entry.parent and side.stem == entry.stem:
            literal = f'"{side.name}"'.encode()
            count = script.count(literal)
            if side.suffix == ".wasm" and count != 1:
                sys.exit(f"bundle: {args.entry} names {side.name} {count} times, expected once")
            script = script.replace(literal, f'"{PurePosixPath(manifest[relative]).name}"'.encode())
    contents[args.entry] = script
    manifest[args.entry] = hashed_name(args.entry, script)

    published = set()
    for relative, hashed in manifest.items():
        published.update(publish(args.out, hashed, contents[relative], args.brotli, reuse=True))
    html = rewrite_index(args.index.read_text(encoding="utf-8"), manifest, args.entry)
    published.update(publish(args.out, "index.html", html.encode("utf-8"), args.brotli, reuse=False))

    # What an earlier run left: old hashes, index.html siblings no longer made, the unhashed names
    # the raw build had before it was staged, unfinished temporaries. Anything else is not ours to
    # delete, but it is not part of the bundle either: say so.
    for relative in staged_files(args.out):
        if relative in published:
            continue
        unhashed = re.sub(r"\.(br|gz)$", "", relative)
        if HASHED.search(relative) or unhashed == "index.html" or unhashed in contents:
            (args.out / relative).unlink()
        else:
            print(f"bundle: warning: {args.out / relative} is not part of the bundle; "
                  f"files for the bundle go into {args.stage}", file=sys.stderr)
    for temporary in args.out.rglob(".bundle-*"):
        temporary.unlink()
    for folder in sorted((p for p in args.out.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


if __name__ == "__main__":
    main()
