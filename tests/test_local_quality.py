"""A small, fast guard on the offline repair's quality: generated scenes, generated damage.

The full evaluation (real photos, a held-out half, tables) is bench/eval_local.py; this test
only has to fail when a change makes the repair clearly worse. It uses no fixture photo:
scenes are generated here, damage comes from bench/damage.py (cracks, scratches, dust,
creases, fading, casts, sepia, grain, vignetting, JPEG), one seed per damage mix.
"""

from __future__ import annotations

import numpy as np
import pytest
from skimage.metrics import structural_similarity

from bench.damage import damage
from luxcanvas.local import LocalOptions, ops, restore

SEEDS = (11, 12, 13, 14, 15, 16)


def scene(seed: int, size: int = 320) -> np.ndarray:
    """A photo-like scene: soft shading, coloured regions with edges, some fine texture."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(size // 16, size // 16, 3)).astype(np.float32)
    planes = [
        ops.gaussian_blur(ops.resize(base[..., c], (size, size), "cubic"), 5) for c in range(3)
    ]
    img = np.stack(planes, axis=-1)
    img = (img - img.min()) / np.ptp(img) * 200 + 25
    yy, xx = np.mgrid[0:size, 0:size]
    for _ in range(5):  # hard-edged objects
        cy, cx, r = [*rng.uniform(0, size, 2).tolist(), rng.uniform(20, 60)]
        inside = (yy - cy) ** 2 + (xx - cx) ** 2 < r * r
        img[inside] = rng.uniform(10, 245, 3)
    texture = ops.gaussian_blur(rng.normal(0, 6, (size, size)).astype(np.float32), 1.0)
    return np.clip(img + texture[..., None], 0, 255).astype(np.uint8)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    return float(structural_similarity(ops.gray(a) / 255.0, ops.gray(b) / 255.0, data_range=1))


def scores(options: LocalOptions) -> tuple[list[float], list[float]]:
    before, after = [], []
    for seed in SEEDS:
        d = damage(scene(seed), seed, 1.0)
        before.append(ssim(d.reference, d.damaged))
        after.append(ssim(d.reference, restore(d.damaged, options)))
    return before, after


@pytest.fixture(scope="module")
def default_scores() -> tuple[list[float], list[float]]:
    return scores(LocalOptions())


def test_repair_gains_on_generated_damage(default_scores):
    before, after = default_scores
    gains = np.subtract(after, before)
    assert gains.mean() > 0.05
    assert gains.min() > -0.01  # no damaged scene comes back worse


def test_each_repair_stage_earns_its_place(default_scores):
    # Without line and dust repair, or without grain removal, the result is clearly worse.
    _, after = default_scores
    for off in ("scratches", "denoise"):
        _, without = scores(LocalOptions(**{off: False}))
        assert np.mean(after) > np.mean(without) + 0.005, off


def test_clean_scenes_are_left_almost_alone():
    for seed in SEEDS[:3]:
        clean = scene(seed)
        assert ssim(clean, restore(clean)) > 0.93
