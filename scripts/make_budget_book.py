#!/usr/bin/env python3
"""Write a synthetic municipal budget book (歳出予算事項別明細書): PAGES pages, each a
ruled table of 款・項・目 rows with this year's and last year's amounts, every row's name distinct.

  scripts/make_budget_book.py OUT.pdf [PAGES] [ROWS]   (default 600 pages, 36 rows)

Text is set in the non-embedded HeiseiKakuGo-W5 (UniJIS-UCS2-H, as Japanese office
PDFs do), so the file stays small; each page has its own content stream. Row names are
built from word lists so that every row of the book reads differently, e.g.
「青葉地区防災倉庫整備事業費」; `row_name(page, row)` gives the name of a row, which
tests use to look for one row's page.
"""
import sys
import zlib

PLACES = ["青葉", "宮野", "若林", "泉ヶ丘", "太白", "富谷", "松島", "岩沼", "名取", "角田",
          "白石", "蔵王", "大河原", "柴田", "丸森", "亘理", "山元", "利府", "大和", "大郷"]
THINGS = ["防災倉庫", "公民館", "児童館", "図書館", "体育館", "浄水場", "消防分署", "保育所",
          "集会所", "道路照明", "排水路", "公園遊具", "学校給食", "情報端末", "庁舎空調"]
ACTIONS = ["整備", "改修", "維持管理", "運営", "更新", "点検", "設計", "移転"]
KAN = ["総務費", "民生費", "衛生費", "土木費", "消防費", "教育費"]
ROWS_MAX = 40


def row_name(page: int, row: int) -> str:
    """The distinct name of row `row` (0-based) on page `page` (1-based)."""
    n = (page - 1) * ROWS_MAX + row
    combos = len(PLACES) * len(THINGS) * len(ACTIONS)
    place = PLACES[n % len(PLACES)]
    thing = THINGS[(n // len(PLACES)) % len(THINGS)]
    action = ACTIONS[(n // (len(PLACES) * len(THINGS))) % len(ACTIONS)]
    phase = f"（第{n // combos + 1}期）" if n >= combos else ""
    return f"{place}地区{thing}{action}事業費{phase}"


def ucs2(text: str) -> str:
    return "<" + "".join(f"{ord(c):04X}" for c in text) + ">"


def page_ops(page: int, rows: int) -> bytes:
    ops = []
    cols = [(30, 50, "款"), (80, 40, "項"), (120, 250, "目・事業"), (370, 70, "本年度"),
            (440, 70, "前年度"), (510, 60, "比較")]
    top = 780.0
    h = 18.0

    def text(x: float, y: float, size: float, s: str) -> None:
        ops.append(f"BT /F1 {size} Tf {x:.1f} {y:.1f} Td {ucs2(s)} Tj ET")

    text(40, 805, 11, "令和６年度　一般会計歳出予算事項別明細書")
    for x, w, label in cols:
        ops.append(f"{x} {top} {w} {-h} re S")
        text(x + 3, top - 13, 9, label)
    for r in range(rows):
        y = top - h * (r + 1)
        kan = KAN[(page + r // 12) % len(KAN)]
        amount = ((page * 7919 + r * 104729) % 90000) + 1000
        before = ((page * 104729 + r * 7919) % 90000) + 1000
        cells = [kan, f"{r % 12 + 1}項", row_name(page, r), f"{amount}", f"{before}",
                 f"{amount - before}"]
        for (x, w, _), cell in zip(cols, cells):
            ops.append(f"{x} {y} {w} {-h} re S")
            text(x + 3, y - 13, 8, cell)
    text(290, 30, 9, f"－ {page} －")
    return zlib.compress("\n".join(ops).encode())


def main() -> None:
    out = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    rows = min(int(sys.argv[3]) if len(sys.argv) > 3 else 36, ROWS_MAX)
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 4 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 "
            b"/FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120 "
            b"/CapHeight 740 /StemV 80 >> /DW 1000 >>] >>")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None, font]
    kids = []
    for p in range(1, pages + 1):
        content = page_ops(p, rows)
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
                    + content + b"\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objs)} 0 R >>".encode())
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(body))
        body += f"{i + 1} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
             .encode())
    open(out, "wb").write(body)


if __name__ == "__main__":
    main()
