#!/usr/bin/env python3
"""End-to-end tests of `nn art` (cppn, paint, evolve, score, gallery).

Usage: e2e.py CASE PATH-TO-nn

Each CASE works in a temporary directory, writes its own small PNG
pictures (with the standard library's zlib), runs the built tool on them
and checks exit statuses, files and output. Exit status 0 is a pass, 1 a
failure, 77 a skip (meson's convention). Only the Python standard library
is used; every run is seeded and single-threaded.
"""

import json
import math
import os
import re
import shlex
import struct
import subprocess
import sys
import tempfile
import zlib

SKIP = 77
NN = None
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, status=0, timeout=60, cwd=None):
    """Runs nn with args; checks the exit status unless status is None."""
    proc = subprocess.run([NN] + [str(a) for a in args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd,
                          stdin=subprocess.DEVNULL)
    if status is not None and proc.returncode != status:
        raise Failure("nn %s\n  exited %d, expected %d\n  stdout: %s\n"
                      "  stderr: %s" % (shlex.join(map(str, args)),
                                        proc.returncode, status,
                                        proc.stdout[-2000:],
                                        proc.stderr[-2000:]))
    return proc


# --------------------------------------------------------------------------
# PNG and GIF files


def write_png(path, width, height, pixel):
    """An 8-bit RGB PNG; pixel(x, y) gives (r, g, b) bytes."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return (struct.pack(">I", len(data)) + body +
                struct.pack(">I", zlib.crc32(body) & 0xffffffff))

    with open(path, "wb") as f:
        f.write(PNG_SIGNATURE)
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                           0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        f.write(chunk(b"IEND", b""))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == PNG_SIGNATURE, "%s is not a PNG file" % path)
    check(head[12:16] == b"IHDR", "%s has no IHDR first" % path)
    return struct.unpack(">II", head[16:24])


def gif_frames(path):
    """Walks a GIF's blocks: returns (width, height, frames, loops)."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:6] == b"GIF89a", "%s is not a GIF89a file" % path)
    width, height, flags = struct.unpack("<HHB", data[6:11])
    pos = 13
    if flags & 0x80:
        pos += 3 * (2 << (flags & 7))
    frames, loops = 0, False

    def skip_sub_blocks(p):
        while data[p] != 0:
            p += data[p] + 1
        return p + 1

    while True:
        check(pos < len(data), "%s is truncated" % path)
        kind = data[pos]
        if kind == 0x3B:  # trailer
            break
        if kind == 0x21:  # extension
            if data[pos + 1] == 0xFF and data[pos + 3:pos + 14] == \
                    b"NETSCAPE2.0":
                loops = True
            pos = skip_sub_blocks(pos + 2)
        elif kind == 0x2C:  # image
            frames += 1
            lflags = data[pos + 9]
            pos += 10
            if lflags & 0x80:
                pos += 3 * (2 << (lflags & 7))
            pos = skip_sub_blocks(pos + 1)  # LZW minimum code size first
        else:
            raise Failure("%s: unexpected block 0x%02x" % (path, kind))
    return width, height, frames, loops


def read(path):
    with open(path, "rb") as f:
        return f.read()


# --------------------------------------------------------------------------
# Cases


def case_cppn(tmp):
    a, b, c = (os.path.join(tmp, n) for n in ("a.png", "b.png", "c.png"))
    common = ["--size", "64x48", "--depth", "3", "--width", "16", "--threads",
              "1", "-q"]
    run(["art", "cppn", "--seed", "5", "-o", a] + common)
    run(["art", "cppn", "--seed", "5", "-o", b] + common)
    run(["art", "cppn", "--seed", "6", "-o", c] + common)
    check(png_size(a) == (64, 48), "wrong size: %s" % (png_size(a),))
    check(read(a) == read(b), "the same seed gave different pictures")
    check(read(a) != read(c), "different seeds gave the same picture")

    # Options change the picture; --grey gives grey pixels.
    g = os.path.join(tmp, "g.png")
    proc = run(["art", "cppn", "--seed", "5", "--grey", "--activations",
                "tanh,sin,gaussian", "--sigma", "1.5", "--scale", "3",
                "--z-dim", "4", "--size", "40", "-o", g])
    check(png_size(g) == (40, 40), "--size 40 is not 40x40")
    check("[tanh,sin,gaussian,tanh]" in proc.stderr and "grey" in
          proc.stderr,
          "the description misses the settings: " + proc.stderr)

    # An animation: frames and a looping GIF of as many frames.
    out = os.path.join(tmp, "anim.png")
    gif = os.path.join(tmp, "anim.gif")
    run(["art", "cppn", "--seed", "5", "--frames", "5", "--loop", "--gif",
         gif, "-o", out] + common)
    for i in range(5):
        frame = os.path.join(tmp, "anim-%03d.png" % i)
        check(png_size(frame) == (64, 48), "frame %d missing" % i)
    check(read(os.path.join(tmp, "anim-000.png")) != read(
        os.path.join(tmp, "anim-002.png")), "the frames do not move")
    w, h, frames, loops = gif_frames(gif)
    check((w, h, frames, loops) == (64, 48, 5, True),
          "GIF is %dx%d, %d frames, loops %s" % (w, h, frames, loops))
    # The latent path starts at the seed's own latent: frame 0 is the still.
    run(["art", "cppn", "--seed", "5", "-o", b] + common)
    check(read(os.path.join(tmp, "anim-000.png")) == read(b),
          "the first frame is not the seed's picture")

    # --score prints the measures.
    proc = run(["art", "cppn", "--seed", "5", "--score", "-o", a] + common)
    check("Fractal dimension" in proc.stdout and "closeness" in proc.stdout,
          "--score printed no table: " + proc.stdout)


def case_score(tmp):
    grey = os.path.join(tmp, "grey.png")
    write_png(grey, 64, 64, lambda x, y: (x * 4, x * 4, x * 4))
    sier = os.path.join(tmp, "sierpinski.png")
    write_png(sier, 256, 256,
              lambda x, y: (0, 0, 0) if (x & y) == 0 else (255, 255, 255))
    colour = os.path.join(tmp, "colour.png")
    write_png(colour, 48, 40, lambda x, y: (255, 0, 0) if (x // 8 + y // 8)
              % 2 else (0, 0, 255))
    proc = run(["art", "score", grey, sier, colour])
    for text in ("paintings (JA)", "photos (AVA)", "Fourier slope",
                 "Fractal dimension", "Lightness entropy", "Colourfulness",
                 "Edge-orientation entropy", "Mirror symmetry",
                 "Compression ratio", "closeness to paintings"):
        check(text in proc.stdout, "the table lacks %r" % text)
    check(proc.stdout.count("(JA)") == 3, "not one table per picture")

    jpath = os.path.join(tmp, "scores.json")
    proc = run(["art", "score", "--format", "json", "--json", jpath, grey,
                sier, colour])
    doc = json.loads(proc.stdout)
    check(json.loads(read(jpath)) == doc, "--json FILE differs from stdout")
    check(doc["references"]["fractal_dimension"]["paintings_ja"] ==
          {"mean": 1.45, "sd": 0.14}, "the JA range of D is wrong")
    images = {os.path.basename(i["file"]): i for i in doc["images"]}
    m = images["grey.png"]["measures"]
    check(m["colourfulness"] == 0, "a grey picture has colourfulness %r"
          % m["colourfulness"])
    m = images["sierpinski.png"]["measures"]
    check(abs(m["fractal_dimension"] - 1.585) < 0.05,
          "Sierpinski triangle: D = %r" % m["fractal_dimension"])
    # Black on a fraction p = (3/4)^8 of the pixels, white elsewhere.
    p = 0.75 ** 8
    h = -p * math.log2(p) - (1 - p) * math.log2(1 - p)
    check(abs(m["lightness_entropy"] - h) < 1e-3,
          "black and white: lightness entropy %r, expected %.4f"
          % (m["lightness_entropy"], h))
    m = images["colour.png"]["measures"]
    check(m["colourfulness"] > 100, "red and blue: colourfulness %r"
          % m["colourfulness"])
    for image in doc["images"]:
        check(0 <= image["closeness"] <= 100, "closeness out of range")


def case_paint(tmp):
    target = os.path.join(tmp, "target.png")

    def pixel(x, y):
        disc = (x - 14) ** 2 + (y - 9) ** 2 < 36
        return (40 + 8 * x, 230 if disc else 30 + 7 * y, 128 + (x * y) % 64)

    write_png(target, 24, 24, pixel)
    out = os.path.join(tmp, "painted.png")
    snaps = os.path.join(tmp, "snaps")
    proc = run(["art", "paint", target, "-o", out, "--features", "32",
                "--feature-sigma", "4", "--depth", "2", "--width", "64",
                "--epochs", "120", "--batch-size", "64", "--lr", "0.003",
                "--seed", "2", "--threads", "1", "--snapshots", snaps,
                "--snapshot-every", "40", "--render-size", "48x36"])
    values = dict(re.findall(r"^(\w+): ([-\d.]+)$", proc.stdout, re.M))
    check({"train_psnr", "heldout_psnr", "seconds"} <= set(values),
          "missing results: " + proc.stdout)
    train = float(values["train_psnr"])
    check(train >= 28, "training PSNR only %.2f dB" % train)
    check(float(values["heldout_psnr"]) >= 15, "held-out PSNR too low")
    check("held-out" in proc.stderr and "epoch 120/120" in proc.stderr,
          "no per-epoch progress: " + proc.stderr[-500:])
    check(png_size(out) == (48, 36), "the painting is %s" % (png_size(out),))
    for e in (40, 80, 120):
        png_size(os.path.join(snaps, "epoch-%04d.png" % e))
    # SIREN layers train too.
    proc = run(["art", "paint", target, "-o", out, "--siren", "--features",
                "0", "--depth", "2", "--width", "32", "--epochs", "60",
                "--batch-size", "64", "--threads", "1", "-q"])
    check(float(re.search(r"train_psnr: ([-\d.]+)", proc.stdout).group(1)) >
          15, "SIREN did not learn: " + proc.stdout)


CAMERA = "/usr/lib/python3/dist-packages/skimage/data/camera.png"


def case_camera(tmp):
    """Tancik et al.'s setting on scikit-image's camera man (Debian's
    python3-skimage), resized to 256 x 256: 25 dB on the training pixels
    within a few epochs. Skipped where the picture is not installed."""
    path = os.environ.get("NN_ART_CAMERA", CAMERA)
    if not os.path.exists(path):
        print("%s not found (apt-get install python3-skimage): skipped"
              % path)
        raise SystemExit(SKIP)
    out = os.path.join(tmp, "camera-painted.png")
    proc = run(["art", "paint", path, "--resize", "256", "--epochs", "4",
                "--seed", "1", "-o", out, "-q"], timeout=300)
    values = dict(re.findall(r"^(\w+): ([-\d.]+)$", proc.stdout, re.M))
    train = float(values["train_psnr"])
    print("camera 256x256, 4 epochs: train %.2f dB, held-out %s dB, %s s"
          % (train, values.get("heldout_psnr"), values.get("seconds")))
    check(train >= 25, "training PSNR only %.2f dB" % train)
    check(png_size(out) == (256, 256), "the painting is not 256x256")


def case_evolve_gallery(tmp):
    evo = os.path.join(tmp, "evo")
    proc = run(["art", "evolve", "-o", evo, "--generations", "2",
                "--population", "4", "--eval-size", "48", "--size", "64",
                "--keep", "2", "--seed", "3", "--threads", "1"])
    check(proc.stderr.count("generation ") == 2, "two generations expected: "
          + proc.stderr)
    check(png_size(os.path.join(evo, "best-1.png")) == (64, 64),
          "best-1.png missing")
    png_size(os.path.join(evo, "best-2.png"))
    doc = json.loads(read(os.path.join(evo, "scores.json")))
    check(len(doc["images"]) == 2, "scores.json should hold 2 pieces")
    # The printed command makes the piece again, bit for bit.
    line = re.search(r"make it again: nn (art cppn .*)$", proc.stdout, re.M)
    check(line is not None, "no command printed: " + proc.stdout)
    args = shlex.split(line.group(1))
    again = os.path.join(tmp, "again.png")
    args[args.index("-o") + 1] = again
    # (bit for bit at the same OpenBLAS thread count)
    run(args + ["-q", "--threads", "1"])
    check(read(again) == read(os.path.join(evo, "best-1.png")),
          "the printed command does not remake best-1.png")

    gal = os.path.join(tmp, "gallery")
    proc = run(["art", "gallery", "-o", gal, "--count", "5", "--size", "48",
                "--thumb", "48", "--columns", "3", "--seed", "2", "--title",
                "Test <gallery>", "--threads", "1", "-q"])
    for i in range(1, 6):
        png_size(os.path.join(gal, "piece-%02d.png" % i))
    w, h = png_size(os.path.join(gal, "contact.png"))
    check(w > 3 * 48 and h > 2 * 48, "contact sheet too small")
    html = read(os.path.join(gal, "index.html")).decode()
    check(html.count("<img ") == 5, "index.html should show 5 pictures")
    check("Test &lt;gallery&gt;" in html, "the title is not escaped")
    doc = json.loads(read(os.path.join(gal, "scores.json")))
    close = [i["closeness"] for i in doc["images"]]
    check(close == sorted(close, reverse=True), "not sorted by closeness")
    check(len(proc.stdout.strip().splitlines()) == 6, "expected a header "
          "and 5 ranked lines: " + proc.stdout)


def case_errors(tmp):
    proc = run(["--help"])
    check(re.search(r"^  art ", proc.stdout, re.M), "nn --help lacks art")
    run(["art"], status=2)
    proc = run(["art", "sketch"], status=2)
    check("unknown subcommand 'sketch'" in proc.stderr, proc.stderr)
    for sub in ("cppn", "paint", "evolve", "score", "gallery"):
        proc = run(["art", sub, "--help"])
        check(proc.stdout.startswith("Usage: nn art " + sub),
              "%s --help: %s" % (sub, proc.stdout[:80]))
    out = os.path.join(tmp, "x.png")
    run(["art", "cppn"], status=2)
    proc = run(["art", "cppn", "--size", "0", "-o", out], status=2)
    check("--size" in proc.stderr, proc.stderr)
    proc = run(["art", "cppn", "--activations", "tanh,bogus", "-o", out],
               status=2)
    check("bogus" in proc.stderr, proc.stderr)
    run(["art", "cppn", "--gif", "x.gif", "-o", out], status=2)
    run(["art", "cppn", "--frames", "3", "--z-dim", "0", "-o", out],
        status=2)
    run(["art", "cppn", "--depth", "x", "-o", out], status=2)
    run(["art", "cppn", "--nonsense", "-o", out], status=2)
    missing = os.path.join(tmp, "missing.png")
    proc = run(["art", "score", missing], status=1)
    check("missing.png" in proc.stderr, proc.stderr)
    text = os.path.join(tmp, "text.png")
    with open(text, "w") as f:
        f.write("not a picture\n")
    proc = run(["art", "score", text], status=1)
    check("text.png" in proc.stderr, proc.stderr)
    run(["art", "score"], status=2)
    run(["art", "score", "--format", "xml", missing], status=2)
    tiny = os.path.join(tmp, "tiny.png")
    write_png(tiny, 8, 8, lambda x, y: (x, y, 0))
    proc = run(["art", "score", tiny], status=1)
    check("too small" in proc.stderr, proc.stderr)
    run(["art", "paint"], status=2)
    run(["art", "paint", tiny], status=2)  # no output
    proc = run(["art", "paint", missing, "-o", out], status=1)
    check("missing.png" in proc.stderr, proc.stderr)
    run(["art", "evolve"], status=2)
    run(["art", "gallery"], status=2)
    # An unwritable output is a runtime error naming the file.
    proc = run(["art", "cppn", "--size", "16", "-o",
                os.path.join(tmp, "no", "such", "dir.png")], status=1)
    check("dir.png" in proc.stderr, proc.stderr)


CASES = {
    "cppn": case_cppn,
    "score": case_score,
    "paint": case_paint,
    "evolve-gallery": case_evolve_gallery,
    "camera": case_camera,
    "errors": case_errors,
}


def main():
    global NN
    if len(sys.argv) != 3 or sys.argv[1] not in CASES:
        sys.stderr.write("usage: e2e.py {%s} PATH-TO-nn\n" % ",".join(CASES))
        return 2
    NN = os.path.abspath(sys.argv[2])
    version = subprocess.run([NN, "art", "score", "--help"],
                             capture_output=True,
                             text=True)
    if version.returncode != 0:
        print("nn was built without `nn art`: skipped")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="nn-art-") as tmp:
        try:
            CASES[sys.argv[1]](tmp)
        except Failure as e:
            print("FAIL: %s" % e)
            return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
