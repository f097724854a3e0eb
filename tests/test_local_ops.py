"""The image operations under the offline pipeline, checked against direct definitions."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest

from luxcanvas.local import ops


def flood_labels(mask: np.ndarray) -> list[set[tuple[int, int]]]:
    """The 8-connected components of ``mask`` by breadth-first search (the definition)."""
    seen = np.zeros_like(mask, bool)
    h, w = mask.shape
    components = []
    for y, x in zip(*np.nonzero(mask), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        queue, component = deque([(y, x)]), set()
        while queue:
            cy, cx = queue.popleft()
            component.add((int(cy), int(cx)))
            for ny in range(max(0, cy - 1), min(h, cy + 2)):
                for nx in range(max(0, cx - 1), min(w, cx + 2)):
                    if mask[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        queue.append((ny, nx))
        components.append(component)
    return components


@pytest.mark.parametrize("density", [0.3, 0.55, 0.9])
def test_label_finds_the_8_connected_components_and_their_boxes(density: float):
    rng = np.random.default_rng(7)
    mask = rng.random((60, 80)) > density
    mask[10:50, 40] = True  # a long line and a diagonal: joined across corners only
    for i in range(30):
        mask[5 + i, 5 + i] = True
    n, labels, stats = ops.label(mask)
    expected = flood_labels(mask)
    assert n == len(expected) + 1
    assert set(np.unique(labels[~mask])) == {0}
    for component in expected:
        ys, xs = zip(*component, strict=True)
        ids = np.unique(labels[list(ys), list(xs)])
        assert len(ids) == 1 and ids[0] > 0  # one label per component ...
        x, y, w, h, area = stats[ids[0]]
        assert area == len(component) == (labels == ids[0]).sum()  # ... and only that one
        assert (x, y, w, h) == (min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def test_label_of_an_empty_mask_is_background_only():
    n, labels, stats = ops.label(np.zeros((5, 7), bool))
    assert n == 1 and not labels.any() and stats[0, 4] == 35


def test_area_shrink_averages_exactly_the_covered_pixels():
    rng = np.random.default_rng(1)
    plane = (rng.random((7, 10)) * 255).astype(np.float32)
    out = ops.resize(plane, (4, 3), "area")
    # Output pixel (0, 1) covers rows [0, 7/3) and columns [2.5, 5): weights by overlap.
    wy = np.array([1, 1, 1 / 3])
    wx = np.array([0.5, 1, 1])
    expected = (plane[0:3, 2:5] * wy[:, None] * wx[None, :]).sum() / (7 / 3 * 2.5)
    assert out[0, 1] == pytest.approx(expected, rel=1e-5)
    assert ops.resize(plane, (5, 7), "area") == pytest.approx(
        plane.reshape(7, 5, 2).mean(axis=2), rel=1e-5
    )


def test_erode_and_dilate_use_a_round_footprint_and_ignore_the_border():
    dot = np.zeros((41, 41), np.float32)
    dot[20, 20] = 1.0
    disk = ops.dilate(dot, 6) > 0
    ys, xs = np.nonzero(disk)
    r = np.hypot(ys - 20, xs - 20)
    assert r.max() <= 6 * 1.09  # inside a slightly generous circle ...
    assert disk[14, 20] and disk[20, 26] and disk[16, 16]  # ... reaching axes and diagonals
    assert not disk[14, 14]  # but not the square's corners
    plane = np.full((9, 9), 5.0, np.float32)
    assert np.array_equal(ops.erode(plane, 3), plane)  # the border is no darker than the image
    box = np.zeros((9, 9), bool)
    box[4, 4] = True
    assert ops.dilate(box, 1).sum() == 9


def test_line_mean_averages_along_the_step():
    rng = np.random.default_rng(2)
    plane = rng.random((40, 50)).astype(np.float32)
    out = ops.line_mean(plane, (1, 2), 12)  # half = int(6 / sqrt 5) = 2 samples each side
    y, x = 20, 25
    expected = np.mean([plane[y + k, x + 2 * k] for k in range(-2, 3)])
    assert out[y, x] == pytest.approx(expected, rel=1e-5)
    line = np.zeros((40, 50), np.float32)
    for k in range(-15, 16):
        line[20 + k, 25 + k] = 1.0
    angles = ops.line_directions(4)
    responses = [ops.line_mean(line, step, 25)[20, 25] for step in angles]
    assert angles[int(np.argmax(responses))] == (1, 1)


def test_line_means_match_a_brute_force_line_mean_for_every_step_and_border():
    rng = np.random.default_rng(5)
    plane = rng.random((23, 31)).astype(np.float32)
    steps = ops.line_directions(4)
    padded = np.pad(plane, 40, mode="symmetric")
    for step, out in zip(steps, ops.line_means(plane, steps, 13), strict=True):
        dy, dx = step
        half = max(1, int(13 / 2 / np.hypot(dy, dx)))
        for y, x in ((0, 0), (0, 30), (22, 0), (11, 15), (22, 30)):
            samples = [padded[40 + y + k * dy, 40 + x + k * dx] for k in range(-half, half + 1)]
            assert out[y, x] == pytest.approx(np.mean(samples), rel=1e-5), (step, y, x)
    # A step given the other way round is the same line.
    assert np.array_equal(ops.line_mean(plane, (-1, 2), 13), ops.line_mean(plane, (1, -2), 13))


def test_fill_holes_keeps_known_pixels_and_continues_a_gradient():
    x = np.linspace(0, 255, 64, dtype=np.float32)
    rgb = np.repeat(np.repeat(x[None, :, None], 48, 0), 3, 2).astype(np.uint8)
    mask = np.zeros((48, 64), bool)
    mask[20:26, 10:54] = True  # a thick horizontal scratch across the ramp
    damaged = rgb.copy()
    damaged[mask] = 255
    out = ops.fill_holes(damaged, mask)
    assert np.array_equal(out[~mask], damaged[~mask])
    assert np.abs(out[mask].astype(int) - rgb[mask]).mean() < 4


def test_colour_round_trips_and_table_identity():
    rng = np.random.default_rng(3)
    rgb = (rng.random((20, 30, 3)) * 255).astype(np.uint8)
    assert np.abs(ops.lab_to_rgb(ops.rgb_to_lab(rgb)) - rgb).max() < 0.01
    assert ops.rgb_to_lab(np.full((1, 1, 3), 255, np.uint8))[0, 0] == pytest.approx(
        [100, 0, 0], abs=0.01
    )
    same = ops.map_colours(rgb, lambda colours: colours)
    assert np.abs(same.astype(int) - rgb).max() <= 1
    assert np.array_equal(ops.add_ycc(rgb, None), rgb)  # no change: exactly the input
    brighter = ops.add_ycc(rgb, np.full((20, 30), 10, np.float32))
    assert np.array_equal(brighter.astype(int), np.clip(rgb.astype(int) + 10, 0, 255))


def test_blurs_match_a_direct_gaussian():
    plane = np.zeros((31, 31), np.float32)
    plane[15, 15] = 1.0
    out = ops.gaussian_blur(plane, 2.0)
    assert out.sum() == pytest.approx(1.0, rel=1e-4)
    assert out[15, 15] / out[15, 17] == pytest.approx(np.exp(4 / 8), rel=1e-3)
    means = ops.box_mean(np.arange(49, dtype=np.float32).reshape(7, 7), 3)
    assert means[3, 3] == pytest.approx(24.0)
