#!/usr/bin/env python3
"""Write tests/fixtures/pdf/suite/truetype-glyph-names.pdf (issue #18).

One embedded TrueType font (built here with fontTools: box glyphs, a (3,1)
Unicode cmap, a format 2.0 `post` table with custom glyph names), used by
two simple font dictionaries without ToUnicode whose /Differences name
glyphs the Adobe Glyph List does not know:

  /F1 names glyphs by the font's own `post` names (x01, x02, ...) and
      draws "Hello";
  /F2 names glyphs by glyph id (g1, g2, ...) and draws "world".

Only the font program tells what the names mean. Usage:
  scripts/make_truetype_names_pdf.py OUT.pdf
"""

import io
import sys
import zlib

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

LETTERS = "Helowrd"


def font_program():
    names = [".notdef"] + ["x%02d" % (i + 1) for i in range(len(LETTERS))]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): names[i + 1] for i, c in enumerate(LETTERS)})
    glyphs = {}
    for n in names:
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0))
        pen.lineTo((50, 700))
        pen.lineTo((450, 700))
        pen.lineTo((450, 0))
        pen.closePath()
        glyphs[n] = pen.glyph()
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (500, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "NamesTest", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost(keepGlyphNames=True)
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


def main():
    prog = font_program()
    gid = {c: i + 1 for i, c in enumerate(LETTERS)}
    by_post = " ".join("/x%02d" % gid[c] for c in LETTERS)
    by_id = " ".join("/g%d" % gid[c] for c in LETTERS)
    codes = {c: 0x41 + i for i, c in enumerate(LETTERS)}  # A, B, C, ...
    hello = "".join(chr(codes[c]) for c in "Hello")
    world = "".join(chr(codes[c]) for c in "world")
    content = (
        "BT /F1 24 Tf 72 700 Td (%s) Tj ET\nBT /F2 24 Tf 72 660 Td (%s) Tj ET\n"
        % (hello, world)
    ).encode()
    widths = " ".join(["500"] * len(LETTERS))
    font = (
        "<< /Type /Font /Subtype /TrueType /BaseFont /AAAAAA+NamesTest "
        "/FirstChar 65 /LastChar %d /Widths [%s] /FontDescriptor 7 0 R "
        "/Encoding << /Type /Encoding /Differences [65 %s] >> >>"
    )
    data = zlib.compress(prog)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (font % (64 + len(LETTERS), widths, by_post)).encode(),
        (font % (64 + len(LETTERS), widths, by_id)).encode(),
        b"<< /Type /FontDescriptor /FontName /AAAAAA+NamesTest /Flags 32 "
        b"/FontBBox [0 -200 500 800] /ItalicAngle 0 /Ascent 800 /Descent -200 "
        b"/CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
        b"<< /Length %d /Length1 %d /Filter /FlateDecode >>\nstream\n"
        % (len(data), len(prog))
        + data
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
