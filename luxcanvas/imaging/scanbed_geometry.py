"""Plane geometry for the scan-bed splitter: connected components, convex hulls and rotated
rectangles over NumPy masks and point sets (no SciPy: the runtime keeps to NumPy and Pillow)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Points = NDArray[np.float64]  # (n, 2) as x, y


def label_components(mask: NDArray[np.bool_]) -> tuple[NDArray[np.int32], int]:
    """8-connected components of ``mask``: a label image (0 = background, 1..n) and n.

    Works on row runs: runs of neighbouring rows that overlap are joined with a union-find,
    so the Python work grows with the number of runs, not of pixels.
    """
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    starts = np.argwhere(edges == 1)
    ends = np.argwhere(edges == -1)
    count = len(starts)
    labels = np.zeros((height, width), dtype=np.int32)
    if count == 0:
        return labels, 0
    rows = starts[:, 0]
    run_start = starts[:, 1]
    run_end = ends[:, 1]  # exclusive
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    row_first = np.searchsorted(rows, np.arange(height + 1))
    for row in range(height - 1):
        a0, a1 = int(row_first[row]), int(row_first[row + 1])
        b0, b1 = a1, int(row_first[row + 2])
        if a0 == a1 or b0 == b1:
            continue
        i, j = a0, b0
        while i < a1 and j < b1:
            # 8-connectivity: runs touch when they overlap or meet at a diagonal.
            if run_start[i] <= run_end[j] and run_start[j] <= run_end[i]:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
            if run_end[i] < run_end[j]:
                i += 1
            else:
                j += 1
    roots = np.array([find(i) for i in range(count)])
    _, inverse = np.unique(roots, return_inverse=True)
    run_label = inverse.astype(np.int32) + 1
    lengths = run_end - run_start
    flat = np.repeat(rows * width + run_start - np.cumsum(lengths) + lengths, lengths)
    flat += np.arange(int(lengths.sum()))
    labels.ravel()[flat] = np.repeat(run_label, lengths)
    return labels, int(run_label.max())


def silhouette(ys: NDArray[np.intp], xs: NDArray[np.intp]) -> Points:
    """The outer pixels of a pixel set: the first and last pixel of every row and column,
    as pixel centres (x + 0.5, y + 0.5)."""
    order = np.lexsort((xs, ys))
    ys_r, xs_r = ys[order], xs[order]
    first_row = np.r_[True, ys_r[1:] != ys_r[:-1]]
    last_row = np.r_[ys_r[1:] != ys_r[:-1], True]
    order = np.lexsort((ys, xs))
    ys_c, xs_c = ys[order], xs[order]
    first_col = np.r_[True, xs_c[1:] != xs_c[:-1]]
    last_col = np.r_[xs_c[1:] != xs_c[:-1], True]
    px = np.concatenate([xs_r[first_row | last_row], xs_c[first_col | last_col]])
    py = np.concatenate([ys_r[first_row | last_row], ys_c[first_col | last_col]])
    return np.stack([px, py], axis=1).astype(np.float64) + 0.5


def convex_hull(points: Points) -> Points:
    """Andrew's monotone chain; counter-clockwise (in y-down pixels: clockwise on screen)."""
    pts = np.unique(points, axis=0)
    if len(pts) < 3:
        return pts
    ordered = pts[np.lexsort((pts[:, 1], pts[:, 0]))].tolist()

    def half(seq: list[list[float]]) -> list[list[float]]:
        chain: list[list[float]] = []
        for p in seq:
            while len(chain) >= 2:
                (ax, ay), (bx, by) = chain[-2], chain[-1]
                if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) > 0:
                    break
                chain.pop()
            chain.append(p)
        return chain

    lower = half(ordered)
    upper = half(ordered[::-1])
    return np.array(lower[:-1] + upper[:-1], dtype=np.float64)


@dataclass(frozen=True)
class RotatedRect:
    """A rectangle turned by ``angle`` degrees: its sides run along ``angle`` and
    ``angle + 90`` (image x right, y down; a positive angle turns x toward y).

    ``u``/``v`` are coordinates along those two directions; the rectangle spans
    ``u0..u1`` × ``v0..v1``.
    """

    angle: float
    u0: float
    u1: float
    v0: float
    v1: float

    @property
    def axes(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        t = math.radians(self.angle)
        return np.array([math.cos(t), math.sin(t)]), np.array([-math.sin(t), math.cos(t)])

    @property
    def width(self) -> float:
        return self.u1 - self.u0

    @property
    def height(self) -> float:
        return self.v1 - self.v0

    def corners(self) -> Points:
        """Top-left, top-right, bottom-right, bottom-left (as the upright print is seen)."""
        eu, ev = self.axes
        return np.array(
            [
                eu * self.u0 + ev * self.v0,
                eu * self.u1 + ev * self.v0,
                eu * self.u1 + ev * self.v1,
                eu * self.u0 + ev * self.v1,
            ]
        )

    def project(self, points: Points) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        eu, ev = self.axes
        return points @ eu, points @ ev

    def contains(self, points: Points, margin: float = 0.0) -> NDArray[np.bool_]:
        u, v = self.project(points)
        return (
            (u >= self.u0 - margin)
            & (u <= self.u1 + margin)
            & (v >= self.v0 - margin)
            & (v <= self.v1 + margin)
        )

    def scaled(self, factor: float) -> RotatedRect:
        return RotatedRect(
            self.angle, self.u0 * factor, self.u1 * factor, self.v0 * factor, self.v1 * factor
        )

    def inset(self, left: float, top: float, right: float, bottom: float) -> RotatedRect:
        return RotatedRect(
            self.angle, self.u0 + left, self.u1 - right, self.v0 + top, self.v1 - bottom
        )


def _normal_angle(angle: float) -> float:
    """An angle folded into [-45, 45): a rectangle looks the same every 90 degrees."""
    return (angle + 45.0) % 90.0 - 45.0


def bounding_rect(points: Points, angle: float) -> RotatedRect:
    """The smallest rectangle at ``angle`` holding every point."""
    rect = RotatedRect(_normal_angle(angle), 0, 0, 0, 0)
    u, v = rect.project(points)
    return RotatedRect(rect.angle, float(u.min()), float(u.max()), float(v.min()), float(v.max()))


def min_area_rect(points: Points) -> RotatedRect:
    """The minimum-area rectangle around ``points`` (one side lies on a hull edge)."""
    hull = convex_hull(points)
    if len(hull) < 3:
        return bounding_rect(points, 0.0)
    edges = np.roll(hull, -1, axis=0) - hull
    angles = np.unique(np.round(np.degrees(np.arctan2(edges[:, 1], edges[:, 0])) % 90.0, 6))
    t = np.radians(angles)
    cos, sin = np.cos(t), np.sin(t)
    u = hull[:, 0:1] * cos + hull[:, 1:2] * sin
    v = -hull[:, 0:1] * sin + hull[:, 1:2] * cos
    areas = (u.max(0) - u.min(0)) * (v.max(0) - v.min(0))
    return bounding_rect(hull, float(angles[int(np.argmin(areas))]))


def refine_angle(points: Points, rect: RotatedRect, band: float) -> float:
    """The rectangle's angle from straight lines fitted to each side's points.

    Points within ``band`` of a side, away from the corners, are fitted with a total
    least-squares line; the four directions (folded by 90°) are averaged by their support.
    """
    u, v = rect.project(points)
    sides = []
    cut_u = 0.12 * rect.width
    cut_v = 0.12 * rect.height
    inner_u = (u > rect.u0 + cut_u) & (u < rect.u1 - cut_u)
    inner_v = (v > rect.v0 + cut_v) & (v < rect.v1 - cut_v)
    sides.append(points[(np.abs(v - rect.v0) <= band) & inner_u])
    sides.append(points[(np.abs(v - rect.v1) <= band) & inner_u])
    sides.append(points[(np.abs(u - rect.u0) <= band) & inner_v])
    sides.append(points[(np.abs(u - rect.u1) <= band) & inner_v])
    total, weight = 0.0, 0.0
    for side in sides:
        if len(side) < 8:
            continue
        centred = side - side.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        direction = vt[0]
        angle = math.degrees(math.atan2(direction[1], direction[0]))
        delta = _normal_angle(angle - rect.angle)
        residual = np.abs(centred @ vt[1])
        if float(np.median(residual)) > band:
            continue
        total += delta * len(side)
        weight += len(side)
    if weight == 0:
        return rect.angle
    return _normal_angle(rect.angle + total / weight)
