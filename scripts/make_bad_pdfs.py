#!/usr/bin/env python3
"""Write the hostile and broken PDFs of tests/e2e/bad_pdfs.rs.

    python3 scripts/make_bad_pdfs.py

Output: tests/fixtures/bad/*.pdf (committed; total well under 3 MB).  Needs
Python 3.8+ and qpdf (only for the encrypted case).  Output is deterministic.

Every file derives from a tiny synthetic one-page PDF written here (a short
Helvetica text and a rule), so none of them carries plan records: `parse`
must fail or warn, `ingest` must report one error per file.  Cases:

  empty                 0 bytes
  not-a-pdf             a PNG header and text, named .pdf
  truncated-NN          the synthetic PDF cut at NN % of its length
  flipped-xref          bytes flipped inside the xref table
  flipped-stream        bytes flipped inside a Flate content stream
  no-root               trailer without /Root
  wrong-length-long     stream /Length far past the end of the file
  wrong-length-short    stream /Length shorter than the data
  flate-bomb            content stream: 2 GiB of spaces, Flate twice
  flate-bomb-objstm     object stream inflating to 2 GiB
  form-cycle            Form XObject painting itself (through its resources)
  form-fanout           eight nested forms each painting the next 16 times
                        (16^7 leaves: 800 million operations unbounded)
  parent-loop           /Parent loop and a /Kids array holding its own node
  deep-nesting          an array nested 100,000 deep
  many-pages            6,000 pages (over the default page limit)
  many-glyphs           one page showing 400,000 glyphs
  flood-operations      15 million `q` operators (30 MiB inflated)
  flood-operands        15 million numbers before one operator
  flood-array           one TJ array of 15 million numbers
  encrypted-userpw      AES-256 with user password "user" (qpdf)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "bad")

PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (Not a plan: hostile input test) Tj ET 72 700 m 500 700 l S\n"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def stream(dict_body: bytes, data: bytes, length=None) -> bytes:
    n = len(data) if length is None else length
    return b"<< " + dict_body + b" /Length " + str(n).encode() + b" >>\nstream\n" + data + b"\nendstream"


def pdf(objects, root=1, trailer_extra=b"", with_root=True) -> bytes:
    """A classic PDF with a correct xref from `objects` (object n is objects[n-1])."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(i).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"/Size " + str(len(objects) + 1).encode()
    if with_root:
        trailer += b" /Root " + str(root).encode() + b" 0 R"
    out += b"trailer\n<< " + trailer + trailer_extra + b" >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


def simple(content=PAGE_TEXT, flate=False, extra_objects=(), resources_extra=b"", **kw) -> bytes:
    """Catalog 1, Pages 2, Page 3, content 4, font 5, then `extra_objects` (6, 7, ...)."""
    if flate:
        body = stream(b"/Filter /FlateDecode", zlib.compress(content, 9))
    else:
        body = stream(b"", content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> " + resources_extra + b">> >>",
        body,
        FONT,
        *extra_objects,
    ]
    return pdf(objects, **kw)


def flip(data: bytes, start: int, end: int, step: int = 7) -> bytes:
    b = bytearray(data)
    for i in range(start, min(end, len(b)), step):
        b[i] ^= 0x5A
    return bytes(b)


def deflate_bomb(total: int) -> bytes:
    """`total` spaces, deflated twice (2 GiB → a few kilobytes)."""
    inner = zlib.compressobj(9)
    chunk = b" " * (1 << 24)
    parts = []
    for _ in range(total // len(chunk)):
        parts.append(inner.compress(chunk))
    parts.append(inner.flush())
    return zlib.compress(b"".join(parts), 9)


def cases():
    base = simple()
    yield "empty", b""
    yield "not-a-pdf", b"\x89PNG\r\n\x1a\n" + b"this is not a PDF file\n" * 20
    for pct in (5, 30, 60, 95):
        yield f"truncated-{pct:02d}", base[: len(base) * pct // 100]

    xref = base.rfind(b"xref")
    yield "flipped-xref", flip(base, xref + 5, base.rfind(b"trailer"), 5)
    compressed = simple(content=PAGE_TEXT * 20, flate=True)
    s = compressed.find(b"stream\n") + 7
    yield "flipped-stream", flip(compressed, s + 10, s + 60, 3)
    yield "no-root", simple(with_root=False)

    long_len = base.replace(b"/Length " + str(len(PAGE_TEXT)).encode(), b"/Length 999999", 1)
    yield "wrong-length-long", long_len
    yield "wrong-length-short", base.replace(b"/Length " + str(len(PAGE_TEXT)).encode(), b"/Length 9", 1)

    bomb = deflate_bomb(2 << 30)
    yield "flate-bomb", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        stream(b"/Filter [/FlateDecode /FlateDecode]", bomb),
    ])
    yield "flate-bomb-objstm", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        stream(b"/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]", bomb),
    ])

    form = stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources 7 0 R",
        b"q 1 0 0 1 1 1 cm /X1 Do Q BT /F1 12 Tf 10 10 Td (loop) Tj ET",
    )
    yield "form-cycle", simple(
        content=b"/X1 Do\n" + PAGE_TEXT,
        extra_objects=[form, b"<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>"],
        resources_extra=b"/XObject << /X1 6 0 R >>",
    )

    # Object 6+k is form k; form k paints form k+1 sixteen times; the last draws a path.
    depth = 8
    forms = []
    for k in range(depth):
        if k + 1 < depth:
            body = b"/N Do " * 16
            res = b"/Resources << /XObject << /N " + str(7 + k).encode() + b" 0 R >> >>"
        else:
            body = b"0 0 m 1 1 l n"
            res = b"/Resources << >>"
        forms.append(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] " + res, body))
    yield "form-fanout", simple(
        content=b"/X1 Do\n", extra_objects=forms, resources_extra=b"/XObject << /X1 6 0 R >>"
    )

    yield "parent-loop", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 /Parent 6 0 R >>",
        b"<< /Type /Page /Parent 6 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"", PAGE_TEXT),
        FONT,
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
    ])

    deep = b"[" * 100_000 + b"]" * 100_000
    yield "deep-nesting", simple(extra_objects=[deep, b"<< /A " + b"<< /A " * 50_000 + b">> " * 50_000 + b">>"])

    n = 6000
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * n
    yield "many-pages", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>",
        FONT,
        *pages,
    ])

    # 60 KB files whose content (30 MiB) parsed naively takes gigabytes.
    flood = 30 << 20
    yield "flood-operations", simple(content=b"q " * (flood // 2), flate=True)
    yield "flood-operands", simple(content=b"1 " * (flood // 2) + b"Tj", flate=True)
    yield "flood-array", simple(content=b"[" + b"1 " * (flood // 2) + b"] TJ", flate=True)

    glyphs = b"BT /F1 1 Tf " + (b"(" + b"x" * 1000 + b") Tj\n") * 400 + b"ET\n"
    yield "many-glyphs", simple(content=glyphs, flate=True)

    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.pdf")
        enc = os.path.join(tmp, "enc.pdf")
        with open(plain, "wb") as f:
            f.write(base)
        subprocess.run(
            ["qpdf", "--static-id", "--static-aes-iv", "--encrypt", "user", "owner", "256", "--",
             plain, enc],
            check=True,
        )
        with open(enc, "rb") as f:
            yield "encrypted-userpw", f.read()


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    total = 0
    for name, data in cases():
        with open(os.path.join(OUT, name + ".pdf"), "wb") as f:
            f.write(data)
        total += len(data)
        print(f"{name}.pdf: {len(data)} bytes", file=sys.stderr)
    print(f"total: {total} bytes", file=sys.stderr)
    assert total < 3 * 1024 * 1024, "bad PDFs must stay small"


if __name__ == "__main__":
    main()
