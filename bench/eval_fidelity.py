"""Evaluate the fidelity measurement on pairs generated from many public-domain photos.

    uv run --with scikit-image python bench/eval_fidelity.py [--pillow-images DIR] [--half H]
        [--only TEXT] [--seeds 10,11] [--jobs 2]

Photos: scikit-image's sample data (colour and grey), crops of its larger ones, and, with
``--pillow-images``, the photographs among Pillow's test images (``Tests/images`` of the
Pillow sdist: ``pip download pillow --no-binary :all: --no-deps``). The photos are split in
two fixed halves: ``tuning`` (the thresholds were chosen looking at these) and ``held-out``
(never looked at while tuning). Cases come from ``tests/fidelity_cases.py``; see its
docstring. Prints, per half: how often faithful transforms read ``faithful``, how often local
changes are found where they are (IoU of the reported regions with the true box), how often a
different photo reads ``reinterpreted``, and whether scores order faithful > local > different.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from luxcanvas.app.compare import compare_images
from luxcanvas.domain.fidelity import Verdict
from tests.fidelity_cases import (
    DIFFERENT,
    FAITHFUL,
    LOCAL,
    Case,
    all_cases,
    best_iou,
    face_swap_case,
)

#: Photos the thresholds were tuned on (the test fixtures among them); the rest is held out.
TUNING = {
    "astronaut", "camera", "chelsea", "coffee", "rocket", "brick", "clock", "grass",
    "hubble", "motorcycle_left", "retina_a", "flower", "iptc", "xmp_a",
}  # fmt: skip
PILLOW_PHOTOS = {
    "exif-72dpi-int.jpg": "mountain",
    "exif_gps_typeerror.jpg": "plane",
    "flower.jpg": "flower",
    "iptc.jpg": "iptc",
    "junk_jpeg_header.jpg": "grassland",
    "sugarshack_bad_mpo_header.jpg": "sugarshack",
    "xmp_test.jpg": "xmp",
}
ASTRONAUT_FACE = (180, 60, 110, 110)
CHELSEA_FACE = (110, 40, 250, 250)


def _rgb(array: np.ndarray) -> Image.Image:
    if array.dtype != np.uint8:
        array = (np.clip(array, 0, 1) * 255).astype(np.uint8)
    image = Image.fromarray(array)
    return image.convert("RGB")


def load_photos(pillow_dir: Path | None) -> dict[str, Image.Image]:
    from skimage import data

    photos = {
        name: _rgb(getattr(data, name)())
        for name in (
            "astronaut", "brick", "camera", "chelsea", "clock", "coffee", "coins", "grass",
            "gravel", "immunohistochemistry", "moon", "rocket", "cell",
        )
    }  # fmt: skip
    photos["hubble"] = _rgb(data.hubble_deep_field())
    left, right, _ = data.stereo_motorcycle()
    photos["motorcycle_left"], photos["motorcycle_right"] = _rgb(left), _rgb(right)
    retina = _rgb(data.retina())
    photos["retina_a"] = retina.crop((100, 300, 800, 900))
    photos["retina_b"] = retina.crop((600, 500, 1300, 1100))
    if pillow_dir is not None:
        for file, name in PILLOW_PHOTOS.items():
            path = pillow_dir / file
            if path.exists():
                with Image.open(path) as im:
                    image = im.convert("RGB")
                if name == "xmp":  # 2000×1072: two photos' worth of crops
                    photos["xmp_a"] = image.crop((0, 0, 1000, 1072))
                    photos["xmp_b"] = image.crop((1000, 0, 2000, 1072))
                else:
                    photos[name] = image
    return photos


def face_cases(photos: dict[str, Image.Image]) -> list[Case]:
    from skimage import data

    faces = data.lfw_subset()
    astronaut = photos["astronaut"]
    other = _rgb(faces[3])
    cases = [
        face_swap_case("astronaut", astronaut, ASTRONAUT_FACE, other, (0, 0, 25, 25)),
        face_swap_case("astronaut", astronaut, ASTRONAUT_FACE, photos["chelsea"], CHELSEA_FACE),
    ]
    cases[0].name += ":lfw"
    cases[1].name += ":cat"
    return cases


def _measure(case: Case) -> tuple[object, float]:
    started = time.perf_counter()
    fidelity = compare_images(case.original, case.result).fidelity
    return fidelity, time.perf_counter() - started


def evaluate(cases: list[Case], jobs: int = 1) -> dict[str, list[tuple[Case, object, float]]]:
    """Each case measured, by category; with ``jobs`` > 1 in that many processes (the times
    per pair then include the processes' competition for the cores)."""
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            measured = list(pool.map(_measure, cases, chunksize=4))
    else:
        measured = [_measure(case) for case in cases]
    rows: dict[str, list[tuple[Case, object, float]]] = defaultdict(list)
    for case, (fidelity, seconds) in zip(cases, measured, strict=True):
        rows[case.category].append((case, fidelity, seconds))
    return rows


def report(title: str, rows: dict[str, list[tuple[Case, object, float]]]) -> None:
    print(f"\n## {title}")
    faithful = rows[FAITHFUL]
    by_kind: dict[str, list[tuple[Case, object]]] = defaultdict(list)
    for case, fid, _ in faithful:
        by_kind[case.name.split("/")[1]].append((case, fid))
    print("\nfaithful transforms       n   read faithful   mean score   min score")
    for kind, items in sorted(by_kind.items()):
        ok = sum(1 for _, f in items if f.verdict is Verdict.FAITHFUL)  # type: ignore[attr-defined]
        scores = [f.score for _, f in items]  # type: ignore[attr-defined]
        print(
            f"  {kind:22s} {len(items):3d}   {ok:3d} ({ok / len(items):5.0%})"
            f"     {statistics.mean(scores):.3f}        {min(scores):.3f}"
        )
    misses = [c.name for c, f, _ in faithful if f.verdict is not Verdict.FAITHFUL]  # type: ignore[attr-defined]
    if misses:
        print("  not faithful:", ", ".join(misses[:12]), "..." if len(misses) > 12 else "")

    print("\nlocal changes             n   found   right kind   mean IoU   median IoU   mean score")
    by_local: dict[str, list[tuple[Case, object]]] = defaultdict(list)
    for case, fid, _ in rows[LOCAL]:
        by_local[case.name.split("/")[1].split(":")[0]].append((case, fid))
    for kind, items in sorted(by_local.items()):
        ious, found, right = [], 0, 0
        for case, fid in items:
            boxes = [(r.x, r.y, r.w, r.h) for r in fid.regions]  # type: ignore[attr-defined]
            overlap = best_iou(case.box, boxes) if case.box else 0.0
            ious.append(overlap)
            if overlap >= 0.3 and fid.verdict is not Verdict.FAITHFUL:  # type: ignore[attr-defined]
                found += 1
                touching = [
                    r
                    for r in fid.regions
                    if best_iou(case.box, [(r.x, r.y, r.w, r.h)]) > 0  # type: ignore[attr-defined]
                ]
                main = max(touching, key=lambda r: r.w * r.h)
                right += int(main.kind.value == case.kind)
        scores = [f.score for _, f in items]  # type: ignore[attr-defined]
        print(
            f"  {kind:22s} {len(items):3d}   {found / len(items):5.0%}   {right / len(items):8.0%}"
            f"     {statistics.mean(ious):.3f}      {statistics.median(ious):.3f}"
            f"       {statistics.mean(scores):.3f}"
        )
    different = rows[DIFFERENT]
    if different:
        ok = sum(1 for _, f, _ in different if f.verdict is Verdict.REINTERPRETED)  # type: ignore[attr-defined]
        scores = [f.score for _, f, _ in different]  # type: ignore[attr-defined]
        print(
            f"\ndifferent photo           {len(different):3d}"
            f"   reinterpreted {ok / len(different):5.0%}"
            f"   mean score {statistics.mean(scores):.3f}   max {max(scores):.3f}"
        )
    # Ordering per photo: its faithful cases against its local ones against its different one.
    per_photo: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for category, items in rows.items():
        for case, fid, _ in items:
            per_photo[case.photo][category].append(fid.score)  # type: ignore[attr-defined]
    ordered = strict = total = 0
    for scores_by in per_photo.values():
        if not all(scores_by.get(c) for c in (FAITHFUL, LOCAL, DIFFERENT)):
            continue
        total += 1
        f, lo, d = (statistics.mean(scores_by[c]) for c in (FAITHFUL, LOCAL, DIFFERENT))
        ordered += int(f > lo > d)
        strict += int(min(scores_by[FAITHFUL]) > max(scores_by[LOCAL]) > max(scores_by[DIFFERENT]))
    means = {
        c: statistics.mean(f.score for _, f, _ in rows[c])  # type: ignore[attr-defined]
        for c in (FAITHFUL, LOCAL, DIFFERENT)
        if rows[c]
    }
    print(
        f"\nscore order faithful > local > different: means {means.get(FAITHFUL, 0):.3f} > "
        f"{means.get(LOCAL, 0):.3f} > {means.get(DIFFERENT, 0):.3f}; per photo (means) "
        f"{ordered}/{total}, per photo (every case) {strict}/{total}"
    )
    seconds = [t for items in rows.values() for _, _, t in items]
    print(f"measure time per pair: median {statistics.median(seconds) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pillow-images", type=Path, help="Pillow's Tests/images folder")
    parser.add_argument("--half", choices=["tuning", "held-out", "both"], default="both")
    parser.add_argument("--only", help="only cases whose name contains this")
    parser.add_argument(
        "--seeds",
        default="10",
        help="comma-separated seeds of the cases (10 is the reported set; others add cases "
        "from the same photos, e.g. for tuning on more than one draw)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="measure in this many processes")
    args = parser.parse_args()
    photos = load_photos(args.pillow_images)
    halves = {
        "tuning": {k: v for k, v in photos.items() if k in TUNING},
        "held-out": {k: v for k, v in photos.items() if k not in TUNING},
    }
    print(
        f"{len(photos)} photos: tuning {sorted(halves['tuning'])}; "
        f"held-out {sorted(halves['held-out'])}"
    )
    for half, chosen in halves.items():
        if args.half not in (half, "both"):
            continue
        seeds = [int(seed) for seed in args.seeds.split(",")]
        cases = [case for seed in seeds for case in all_cases(chosen, seed)]
        if half == "tuning":
            cases += face_cases(photos)
        if args.only:
            cases = [c for c in cases if args.only in c.name]
        rows = evaluate(cases, args.jobs)
        report(f"{half} half: {len(chosen)} photos, {len(cases)} pairs", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
