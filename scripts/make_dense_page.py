#!/usr/bin/env python3
"""Write a synthetic dense-table PDF (a budget-book page): ROWS x COLS cells,
each a stroked rectangle holding a short number, on each of PAGES pages.

  scripts/make_dense_page.py OUT.pdf [ROWS COLS PAGES]   (default 120 30 5)
"""
import sys
import zlib

out = sys.argv[1]
rows, cols, pages = (int(a) for a in (sys.argv[2:5] or (120, 30, 5)))
w, h = 28.0, 6.5
ops = []
for r in range(rows):
    for c in range(cols):
        x, y = 10 + c * w, 800 - r * h
        ops.append(f"{x:.1f} {y:.1f} {w:.1f} {-h:.1f} re S")
        ops.append(f"BT /F1 5 Tf {x + 1:.1f} {y - 5:.1f} Td ({(r * cols + c) % 100000}) Tj ET")
content = zlib.compress("\n".join(ops).encode())
objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
for i in range(pages):
    objs.append(
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 860 820] /Resources << /Font << /F1 3 0 R >> >> /Contents {4 + pages} 0 R >>".encode()
    )
objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
body = bytearray(b"%PDF-1.4\n")
offsets = []
for i, o in enumerate(objs):
    offsets.append(len(body))
    body += f"{i + 1} 0 obj\n".encode() + o + b"\nendobj\n"
xref = len(body)
body += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
body += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
open(out, "wb").write(body)
