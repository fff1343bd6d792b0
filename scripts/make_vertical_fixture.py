#!/usr/bin/env python3
"""Write tests/fixtures/passages/tategaki.pdf: a 縦書き newsletter page.

    python3 scripts/make_vertical_fixture.py [OUT.pdf]

Page 1 (A4 portrait): a horizontal title and date line at the top
(HeiseiKakuGo-W5, UniJIS-UCS2-H), a vertical body below (HeiseiMin-W3,
UniJIS-UCS2-V, both non-embedded) in columns of 18 characters read right to
left, and a centred folio.  The first paragraph's sentence runs over a column
break ("…人口減少に歯止め" | "をかけ…"); the second paragraph starts in a new
column with an indent.  Some columns are drawn one glyph per text operator, as
many producers do.  Page 2 has no text at all (a scanned page stand-in: an
empty content stream).

Python 3 only; output is deterministic.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "tests", "fixtures", "passages", "tategaki.pdf")

TITLE = "むらだより　令和６年４月号"
DATE = "発行　山辺村総務課"
PARAGRAPHS = [
    "本村の総合戦略は、人口減少に歯止めをかけ、地域の活力を維持するための計画です。",
    "　また、移住定住の促進と子育て支援を重点施策として位置付けます。",
]
COLUMN_CHARS = 18
SIZE = 14.0
RIGHT_X = 520.0  # left edge of the first (rightmost) column
TOP_Y = 700.0  # baseline origin of the first glyph of a column
COLUMN_PITCH = 24.0


def utf16(text):
    return text.encode("utf-16-be").hex().upper().encode()


def columns(paragraphs):
    """Split paragraphs into columns of COLUMN_CHARS; a paragraph starts a new column."""
    out = []
    for p in paragraphs:
        for i in range(0, len(p), COLUMN_CHARS):
            out.append(p[i : i + COLUMN_CHARS])
    return out


def content():
    ops = [b"BT", b"/F2 18 Tf", b"1 0 0 1 60 790 Tm", b"<" + utf16(TITLE) + b"> Tj", b"ET"]
    ops += [b"BT", b"/F2 10 Tf", b"1 0 0 1 60 770 Tm", b"<" + utf16(DATE) + b"> Tj", b"ET"]
    for n, col in enumerate(columns(PARAGRAPHS)):
        x = RIGHT_X - n * COLUMN_PITCH
        ops.append(b"BT")
        ops.append(b"/F1 %.1f Tf" % SIZE)
        if n % 2 == 0:
            # The whole column in one show: glyphs advance downwards.
            ops.append(b"1 0 0 1 %.1f %.1f Tm" % (x, TOP_Y))
            ops.append(b"<" + utf16(col) + b"> Tj")
        else:
            # One glyph per show, each placed with its own matrix.
            for i, ch in enumerate(col):
                ops.append(b"1 0 0 1 %.1f %.1f Tm" % (x, TOP_Y - i * SIZE))
                ops.append(b"<" + utf16(ch) + b"> Tj")
        ops.append(b"ET")
    ops += [b"BT", b"/F2 9 Tf", b"1 0 0 1 293 30 Tm", b"<" + utf16("1") + b"> Tj", b"ET"]
    return b"\n".join(ops) + b"\n"


def stream(data):
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def cid_font(name, cmap, descendant):
    return b"<< /Type /Font /Subtype /Type0 /BaseFont /%s-%s /Encoding /%s /DescendantFonts [%d 0 R] >>" % (
        name,
        cmap,
        cmap,
        descendant,
    )


def descendant(name, descriptor):
    return (
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /%s "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
        b"/FontDescriptor %d 0 R /DW 1000 >>" % (name, descriptor)
    )


def descriptor(name):
    return (
        b"<< /Type /FontDescriptor /FontName /%s /Flags 6 /FontBBox [-123 -257 1001 910] "
        b"/ItalicAngle 0 /Ascent 723 /Descent -241 /CapHeight 709 /StemV 69 >>" % name
    )


def write_pdf(path, objects):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 13 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "wb") as f:
        f.write(out)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    fonts = b"<< /F1 6 0 R /F2 9 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",  # 1
        b"<< /Type /Pages /Kids [3 0 R 11 0 R] /Count 2 >>",  # 2
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font %s >> /Contents 4 0 R >>"
        % fonts,  # 3
        stream(content()),  # 4
        b"<< >>",  # 5 (unused)
        cid_font(b"HeiseiMin-W3", b"UniJIS-UCS2-V", 7),  # 6
        descendant(b"HeiseiMin-W3", 8),  # 7
        descriptor(b"HeiseiMin-W3"),  # 8
        cid_font(b"HeiseiKakuGo-W5", b"UniJIS-UCS2-H", 10),  # 9
        descendant(b"HeiseiKakuGo-W5", 12),  # 10
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 14 0 R >>",  # 11
        descriptor(b"HeiseiKakuGo-W5"),  # 12
        b"<< /Producer (shisaku scripts/make_vertical_fixture.py) >>",  # 13
        stream(b""),  # 14
    ]
    write_pdf(out, objects)


if __name__ == "__main__":
    main()
