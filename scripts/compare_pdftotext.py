#!/usr/bin/env python3
"""Run `shisaku extract` and poppler's `pdftotext` over every PDF of a folder.

Per file it records: our status (ok / error = clean non-zero exit / panic /
signal / timeout), pdftotext's status, the non-whitespace characters each
printed, and a character-multiset agreement score (size of the multiset
intersection of both outputs' non-whitespace characters, NFKC-normalised,
divided by the larger of the two counts; 1.0 = same characters).

Usage:
  scripts/compare_pdftotext.py [--bin PATH] [--jobs N] [--timeout S]
                               [--tsv OUT.tsv] FOLDER...

With --jobs 1 the summary's time line compares the two programs' total
wall time over the folder (each file's process timed spawn to exit).

Summary lines at the end:
  short  = pdftotext printed >= 20 characters and we printed < half of them
           or failed;
  refused = pdftotext exited 0 and we exited with an error.
"""

import argparse
import collections
import concurrent.futures
import os
import signal
import subprocess
import sys
import threading
import time
import unicodedata

MIN_CHARS = 20
TIMES = collections.Counter()
TIMES_LOCK = threading.Lock()


def run(cmd, timeout):
    """(status, stdout, stderr) of `cmd` under `timeout` seconds; the wall
    time of the process, spawn to exit, is added to TIMES[cmd[0]]."""
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""
    finally:
        with TIMES_LOCK:
            TIMES[cmd[0]] += time.perf_counter() - start
    if p.returncode == 0:
        return "ok", p.stdout, p.stderr
    if p.returncode < 0:
        return "signal:" + signal.Signals(-p.returncode).name, p.stdout, p.stderr
    if b"panicked at" in p.stderr:
        return "panic", p.stdout, p.stderr
    return "error", p.stdout, p.stderr


def chars(data):
    text = unicodedata.normalize("NFKC", data.decode("utf-8", "replace"))
    return collections.Counter(c for c in text if not c.isspace() and c != "\x0c")


def one(path, binary, timeout):
    ours, out, err = run([binary, "extract", path], timeout)
    theirs, pout, _ = run(["pdftotext", "-q", "-enc", "UTF-8", path, "-"], timeout)
    a, b = chars(out), chars(pout)
    na, nb = sum(a.values()), sum(b.values())
    common = sum((a & b).values())
    score = common / max(na, nb) if max(na, nb) else 1.0
    last = err.decode("utf-8", "replace").strip().splitlines()
    msg = last[-1][:160] if last and ours != "ok" else ""
    return path, ours, theirs, na, nb, score, msg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--bin", default="/work/tgt-pdf/release/shisaku")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--tsv")
    args = ap.parse_args()
    files = sorted(
        os.path.join(d, f)
        for d in args.folders
        for f in os.listdir(d)
        if f.lower().endswith(".pdf")
    )
    rows = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        futs = [ex.submit(one, f, args.bin, args.timeout) for f in files]
        for fut in concurrent.futures.as_completed(futs):
            rows.append(fut.result())
    rows.sort()
    lines = ["file\tours\tpdftotext\tour_chars\tpdftotext_chars\tagreement\tmessage"]
    for path, ours, theirs, na, nb, score, msg in rows:
        lines.append(f"{path}\t{ours}\t{theirs}\t{na}\t{nb}\t{score:.3f}\t{msg}")
    if args.tsv:
        with open(args.tsv, "w") as fh:
            fh.write("\n".join(lines) + "\n")
    status = collections.Counter(r[1].split(":")[0] for r in rows)
    readable = [r for r in rows if r[2] == "ok" and r[4] >= MIN_CHARS]
    short = [r for r in readable if r[1] != "ok" or r[3] * 2 < r[4]]
    refused = [r for r in rows if r[2] == "ok" and r[1] != "ok"]
    mean = sum(r[5] for r in readable) / len(readable) if readable else 0.0
    for r in short:
        print(f"short\t{r[0]}\t{r[1]}\t{r[3]}/{r[4]}\t{r[6]}")
    for r in refused:
        if r not in short:
            print(f"refused\t{r[0]}\t{r[6]}")
    print(f"files: {len(rows)}  ours: " + ", ".join(f"{k} {v}" for k, v in sorted(status.items())))
    print(f"pdftotext >= {MIN_CHARS} chars: {len(readable)}  mean agreement: {mean:.3f}")
    print(f"short (< half or failed): {len(short)}  refused (pdftotext opens, we fail): {len(refused)}")
    ours_s, theirs_s = TIMES[args.bin], TIMES["pdftotext"]
    print(f"time, whole processes one after the other per file ({args.jobs} at a time): "
          f"ours {ours_s:.1f} s, pdftotext {theirs_s:.1f} s, ratio {theirs_s / max(ours_s, 1e-9):.2f}x")
    bad = status.get("panic", 0) + status.get("signal", 0) + status.get("timeout", 0)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
