#!/usr/bin/env python3
"""Generate the compact font-data files in data/cmap/ (maintainers run this; the build never does).

Sources (see data/cmap/README.md for licences):
  * Debian poppler-data: /usr/share/poppler/cMap/Adobe-*/ (Adobe's CMaps, BSD-3-Clause).
    The CID -> Unicode tables are built by inverting the Uni*-UTF32-H/V CMaps.
  * fontTools.agl (the Adobe Glyph List)
  * reportlab.pdfbase (_fontdata_enc_* encoding vectors, _fontdata_widths_* core-14 AFM widths)

Usage:  pip install fonttools reportlab   (or Debian python3-fonttools)
        python3 scripts/make_cmap_data.py [--poppler /usr/share/poppler]

Output formats (every file is zlib-compressed; the Rust side uses flate2's ZlibDecoder):

  <CMapName>.cmap.z   binary encoding CMap, `usecmap` kept as a parent name (resolved at load):
      b"SCM1", u8 wmode, str ordering, str parent ("" = none),
      u8 n_codespace, n * (u8 len, len bytes lo, len bytes hi),
      then sections until EOF: u8 kind (1 = cid range, 2 = notdef range), u8 byte length,
      varint count, count * (varint lo - prev_lo, varint hi - lo, zigzag varint cid - expected)
      where expected = previous cid + previous (hi - lo + 1) (0 at the start of a section).
      str = u8 length + ASCII bytes.
  cid2uni-<Ordering>.bin.z   u32 BE count, then count * 3-byte BE code point (0 = unmapped).
  agl.txt.z           lines "glyphname<TAB>HEX[ HEX...]" sorted by glyph name (bytewise).
  encodings.txt.z     lines "EncodingName<TAB>code<TAB>glyphname".
  std14.txt.z         lines "FontName<TAB>glyphname<TAB>width".
"""
import argparse
import os
import re
import sys
import unicodedata
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "data", "cmap")

CMAPS = {
    "Japan1": [
        "H", "V", "EUC-H", "EUC-V", "90ms-RKSJ-H", "90ms-RKSJ-V", "90msp-RKSJ-H",
        "90msp-RKSJ-V", "90pv-RKSJ-H", "90pv-RKSJ-V", "UniJIS-UCS2-H", "UniJIS-UCS2-V",
        "UniJIS-UCS2-HW-H", "UniJIS-UCS2-HW-V", "UniJIS-UTF16-H", "UniJIS-UTF16-V",
        "UniJIS-UTF8-H", "UniJIS-UTF8-V", "UniJIS2004-UTF16-H", "UniJIS2004-UTF16-V",
        "Add-H", "Add-V", "Ext-RKSJ-H", "Ext-RKSJ-V", "RKSJ-H", "RKSJ-V", "Add-RKSJ-H",
        "Add-RKSJ-V", "83pv-RKSJ-H", "Ext-H", "Ext-V",
    ],
    "GB1": ["UniGB-UCS2-H", "UniGB-UCS2-V", "UniGB-UTF16-H", "UniGB-UTF16-V",
            "GBK-EUC-H", "GBK-EUC-V"],
    "CNS1": ["UniCNS-UCS2-H", "UniCNS-UCS2-V", "UniCNS-UTF16-H", "UniCNS-UTF16-V",
             "ETen-B5-H", "ETen-B5-V"],
    "Korea1": ["UniKS-UCS2-H", "UniKS-UCS2-V", "UniKS-UTF16-H", "UniKS-UTF16-V",
               "KSCms-UHC-H", "KSCms-UHC-V"],
}

# CID -> Unicode is derived by inverting Adobe's own Uni*-UTF32 CMaps (BSD-3-Clause), not taken
# from poppler-data's cidToUnicode/ files (those are GPL-2, Glyph & Cog).
UTF32 = {"Japan1": "UniJIS-UTF32", "GB1": "UniGB-UTF32", "CNS1": "UniCNS-UTF32",
         "Korea1": "UniKS-UTF32"}


def discouraged(cp):
    """Code points to avoid when several map to one CID: radicals, compatibility ideographs,
    vertical/compatibility forms."""
    return (0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F
            or 0xFE10 <= cp <= 0xFE4F or 0xE000 <= cp <= 0xF8FF)


def code_text(name, n, code):
    """Unicode code point of a code of a textual CMap, or None."""
    b = code.to_bytes(n, "big")
    try:
        if "UTF32" in name:
            t = chr(code)
        elif "UCS2" in name or "UTF16" in name:
            t = b.decode("utf-16-be")
        elif "RKSJ" in name:
            t = b.decode("cp932")
        else:
            return None
    except (UnicodeDecodeError, ValueError):
        return None
    return ord(t) if len(t) == 1 else None


# Later sources only fill CIDs the earlier ones leave unmapped.
EXTRA = {"Japan1": ["UniJIS-UCS2-HW-H", "UniJIS-UCS2-HW-V", "UniJIS2004-UTF32-H",
                    "90ms-RKSJ-H", "90pv-RKSJ-H", "Add-RKSJ-H", "Ext-RKSJ-H", "78ms-RKSJ-H",
                    "90ms-RKSJ-V", "Add-RKSJ-V", "Ext-RKSJ-V"]}


def cid_to_unicode(d, stem, ordering):
    best = {}
    for name in [stem + "-H", stem + "-V"] + EXTRA.get(ordering, []):
        c = parse_cmap(os.path.join(d, name))
        seen = {}
        for (n, lo, hi, cid) in c["cid"]:
            for k in range(hi - lo + 1):
                cp = code_text(name, n, lo + k)
                if cp is None:
                    continue
                cur = seen.get(cid + k)
                if cur is None or (discouraged(cp), cp) < (discouraged(cur), cur):
                    seen[cid + k] = cp
        for cid, cp in seen.items():
            # V only fills CIDs H leaves unmapped (vertical variants -> their base character).
            best.setdefault(cid, cp)
    table = [0] * (max(best) + 1)
    for cid, cp in best.items():
        if 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
            # CJK compatibility ideographs -> their canonical (unified) ideograph, for search.
            nfc = unicodedata.normalize("NFC", chr(cp))
            cp = ord(nfc) if len(nfc) == 1 else cp
        elif 0xFE10 <= cp <= 0xFE19 or 0xFE30 <= cp <= 0xFE4F:
            # Vertical presentation forms -> the horizontal character (NFKC), for search.
            nfkc = unicodedata.normalize("NFKC", chr(cp))
            cp = ord(nfkc) if len(nfkc) == 1 else cp
        table[cid] = cp
    return table


TOKEN = re.compile(rb"%[^\r\n]*|<[0-9A-Fa-f\s]*>|\([^)]*\)|/[^\s/<>\[\]()]*|\[|\]|[^\s/<>\[\]()%]+")


def tokens(data):
    for m in TOKEN.finditer(data):
        t = m.group(0)
        if not t.startswith(b"%"):
            yield t


def hexbytes(t):
    return bytes.fromhex(re.sub(rb"\s", b"", t[1:-1]).decode())


def parse_cmap(path):
    data = open(path, "rb").read()
    toks = list(tokens(data))
    res = {"wmode": 0, "ordering": "", "parent": "", "codespace": [], "cid": [], "notdef": []}
    i = 0
    stack = []
    while i < len(toks):
        t = toks[i]
        if t == b"usecmap" and stack:
            res["parent"] = stack[-1].decode()[1:]
        elif t == b"/WMode" and i + 1 < len(toks):
            res["wmode"] = int(toks[i + 1])
        elif t == b"/Ordering" and i + 1 < len(toks):
            res["ordering"] = toks[i + 1][1:-1].decode()
        elif t == b"begincodespacerange":
            i += 1
            while toks[i] != b"endcodespacerange":
                lo, hi = hexbytes(toks[i]), hexbytes(toks[i + 1])
                res["codespace"].append((lo, hi))
                i += 2
        elif t in (b"begincidrange", b"beginnotdefrange"):
            end = b"end" + t[5:]
            key = "cid" if t == b"begincidrange" else "notdef"
            i += 1
            while toks[i] != end:
                lo, hi = hexbytes(toks[i]), hexbytes(toks[i + 1])
                res[key].append((len(lo), int.from_bytes(lo, "big"), int.from_bytes(hi, "big"),
                                 int(toks[i + 2])))
                i += 3
        elif t in (b"begincidchar", b"beginnotdefchar"):
            end = b"end" + t[5:]
            key = "cid" if t == b"begincidchar" else "notdef"
            i += 1
            while toks[i] != end:
                c = hexbytes(toks[i])
                v = int.from_bytes(c, "big")
                res[key].append((len(c), v, v, int(toks[i + 1])))
                i += 2
        stack.append(t)
        i += 1
    return res


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) if n >= 0 else ((-n << 1) - 1)


def pstr(s):
    b = s.encode("ascii")
    return bytes([len(b)]) + b


def encode_cmap(c):
    out = bytearray(b"SCM1")
    out.append(c["wmode"])
    out += pstr(c["ordering"])
    out += pstr(c["parent"])
    out.append(len(c["codespace"]))
    for lo, hi in c["codespace"]:
        out.append(len(lo))
        out += lo + hi
    for kind, key in ((1, "cid"), (2, "notdef")):
        bylen = {}
        for (n, lo, hi, cid) in c[key]:
            bylen.setdefault(n, []).append((lo, hi, cid))
        for n in sorted(bylen):
            entries = sorted(bylen[n])
            out += bytes([kind, n]) + varint(len(entries))
            prev_lo, expected = 0, 0
            for lo, hi, cid in entries:
                out += varint(lo - prev_lo) + varint(hi - lo) + varint(zigzag(cid - expected))
                prev_lo, expected = lo, cid + (hi - lo + 1)
    return bytes(out)


def write(name, raw):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(zlib.compress(raw, 9))
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--poppler", default="/usr/share/poppler")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    total = 0
    names = []
    for ordering, cmaps in CMAPS.items():
        d = os.path.join(args.poppler, "cMap", "Adobe-" + ordering)
        todo = list(cmaps)
        done = set()
        while todo:
            name = todo.pop(0)
            if name in done:
                continue
            done.add(name)
            c = parse_cmap(os.path.join(d, name))
            if c["parent"] and c["parent"] not in done:
                todo.append(c["parent"])
            total += write(name + ".cmap.z", encode_cmap(c))
            names.append(name)
        table = cid_to_unicode(d, UTF32[ordering], ordering)
        raw = bytearray(len(table).to_bytes(4, "big"))
        for cp in table:
            raw += cp.to_bytes(3, "big")
        total += write("cid2uni-%s.bin.z" % ordering, bytes(raw))

    from fontTools import agl
    lines = []
    # The full (legacy) AGL lists alternatives for a few names (e.g. Omega -> 2126, 03A9);
    # take AGLFN's choice when it has one, else the first listed value.
    merged = {}
    for name, v in agl.LEGACY_AGL2UV.items():
        merged[name] = v[0] if isinstance(v, (list, tuple)) else v
    merged.update(agl.AGL2UV)
    for name in sorted(merged, key=lambda s: s.encode()):
        lines.append("%s\t%04X" % (name, merged[name]))
    total += write("agl.txt.z", ("\n".join(lines) + "\n").encode())

    from reportlab.pdfbase import (_fontdata_enc_macexpert, _fontdata_enc_macroman,
                                   _fontdata_enc_pdfdoc, _fontdata_enc_standard,
                                   _fontdata_enc_symbol, _fontdata_enc_winansi,
                                   _fontdata_enc_zapfdingbats)
    encs = [
        ("Standard", _fontdata_enc_standard.StandardEncoding),
        ("WinAnsi", _fontdata_enc_winansi.WinAnsiEncoding),
        ("MacRoman", _fontdata_enc_macroman.MacRomanEncoding),
        ("PdfDoc", _fontdata_enc_pdfdoc.PDFDocEncoding),
        ("MacExpert", _fontdata_enc_macexpert.MacExpertEncoding),
        ("Symbol", _fontdata_enc_symbol.SymbolEncoding),
        ("ZapfDingbats", _fontdata_enc_zapfdingbats.ZapfDingbatsEncoding),
    ]
    lines = []
    for ename, vec in encs:
        assert len(vec) == 256, ename
        for code, g in enumerate(vec):
            if g:
                lines.append("%s\t%d\t%s" % (ename, code, g))
    total += write("encodings.txt.z", ("\n".join(lines) + "\n").encode())

    import importlib
    fonts = [
        ("Courier", "courier"), ("Courier-Bold", "courierbold"),
        ("Courier-Oblique", "courieroblique"), ("Courier-BoldOblique", "courierboldoblique"),
        ("Helvetica", "helvetica"), ("Helvetica-Bold", "helveticabold"),
        ("Helvetica-Oblique", "helveticaoblique"),
        ("Helvetica-BoldOblique", "helveticaboldoblique"),
        ("Times-Roman", "timesroman"), ("Times-Bold", "timesbold"),
        ("Times-Italic", "timesitalic"), ("Times-BoldItalic", "timesbolditalic"),
        ("Symbol", "symbol"), ("ZapfDingbats", "zapfdingbats"),
    ]
    lines = []
    for fname, mod in fonts:
        m = importlib.import_module("reportlab.pdfbase._fontdata_widths_" + mod)
        for g in sorted(m.widths):
            lines.append("%s\t%s\t%d" % (fname, g, m.widths[g]))
    total += write("std14.txt.z", ("\n".join(lines) + "\n").encode())
    print("wrote %d CMaps, total %d bytes" % (len(names), total), file=sys.stderr)
    print(" ".join(sorted(names)))


if __name__ == "__main__":
    main()
