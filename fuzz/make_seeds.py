#!/usr/bin/env python3
"""Write the fuzz seed corpora into fuzz/seeds/<target>/ (committed).

    python3 fuzz/make_seeds.py

Sources: the small PDF variants in tests/fixtures/pdf/ (whole files for
pdf_document; their decompressed content streams for content; their
ToUnicode CMaps for cmap) plus a few hand-written inputs.  Needs qpdf.
Content streams and CMaps are cut to 8 KB so mutations stay fast.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "pdf")
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
PDFS = ["it2013-legacy-rksj.pdf", "it2013-legacy-form.pdf", "it2013-legacy-utf16.pdf",
        "it2013-legacy-cropbox.pdf", "synth-type1.pdf", "synth-vertical.pdf"]
CUT = 8192


def write(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data[:CUT] if target != "pdf_document" else data)


def streams(path):
    """(dict text, decoded data) of every stream, via qpdf's QDF form."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, out], check=False)
        data = open(out, "rb").read()
    for m in re.finditer(rb"obj\s*<<(.*?)>>\s*stream\r?\n", data, re.S):
        start = m.end()
        end = data.find(b"endstream", start)
        yield m.group(1), data[start:end]


def main():
    if os.path.isdir(SEEDS):
        shutil.rmtree(SEEDS)
    for name in PDFS:
        path = os.path.join(FIXTURES, name)
        if not os.path.exists(path):
            print(f"skip {name}: missing", file=sys.stderr)
            continue
        write("pdf_document", name, open(path, "rb").read())
        stem = name[:-4]
        n = 0
        for head, body in streams(path):
            if b"begincmap" in body:
                write("cmap", f"{stem}-{n}.cmap", body)
            elif b"BT" in body or b" re" in body:
                write("content", f"{stem}-{n}.txt", body)
            n += 1
    for corpus in ["it2013.pdf", "ict2014.pdf"]:
        path = os.path.join(ROOT, "corpus", corpus)
        if os.path.exists(path):
            for n, (head, body) in enumerate(b for b in streams(path) if b"begincmap" in b[1]):
                if n < 3:
                    write("cmap", f"{corpus[:-4]}-tounicode-{n}.cmap", body)
    write("cmap", "synthetic-cidrange.cmap",
          b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
          b"/CMapName /Test def /WMode 1 def /UniJIS-UCS2-H usecmap\n"
          b"1 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange\n"
          b"2 begincidrange <8140> <817E> 633 <20> <7E> 1 endcidrange\n"
          b"1 beginbfrange <0000> <00FF> [<0041> <D840DC0B>] endbfrange\n"
          b"1 beginbfchar <0003> <00660069> endbfchar endcmap\n")
    write("content", "synthetic-forms.txt",
          b"q 1 0 0 1 10 10 cm /X1 Do Q BT /F1 12 Tf 10 800 Td (Hello) Tj "
          b"/F2 10.5 Tf [<3042> -120 <3044>] TJ /F3 9 Tf <00410042> Tj T* (x) ' 1 2 (y) \" ET "
          b"0 0 100 100 re f 10 10 m 200 10 l S 1 0 0 rg 0 1 0 0 k /P <</MCID 0>> BDC EMC "
          b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI")
    for i, q in enumerate(["防災 情報", "\"電子 県庁\" OR 復興 -観光", "edition:ict2014 kind:initiative",
                           "title:(医療 福祉) year:2014..2016", "dept:情報政策課 new:yes", "((()))\"",
                           "ＩＴ　ＡＮＤ　ｈｔｔｐ://x", "-", "field:1 sort:year"]):
        write("query", f"q{i}.txt", q.encode("utf-8"))
    write("plan_layouts", "zero.bin", bytes(64))
    write("plan_layouts", "ramp.bin", bytes(range(256)) * 4)


if __name__ == "__main__":
    main()
