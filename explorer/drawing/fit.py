"""Fitting a drawing into a frame, and choosing the layout direction that fits it best.

The window (its diagram area) and the exports (a slide's frame) both ask the same
question: of the scenario's layouts, left-to-right or top-to-bottom, which one is drawn
largest once fitted into a frame of this size?
"""

from __future__ import annotations

from collections.abc import Mapping

#: The scenario's own direction is kept unless the other one is drawn this much larger.
PREFER_OWN = 1.10


def fit_scale(width: float, height: float, frame_width: float, frame_height: float) -> float:
    """The scale that fits a ``width`` x ``height`` drawing into the frame, keeping its aspect."""
    if width <= 0 or height <= 0 or frame_width <= 0 or frame_height <= 0:
        return 0.0
    return min(frame_width / width, frame_height / height)


def choose_direction(
    sizes: Mapping[str, tuple[float, float]],
    frame: tuple[float, float],
    preferred: str,
    margin: float = PREFER_OWN,
) -> str:
    """The direction whose drawing (``sizes``: direction -> (width, height)) fits the frame
    at the largest scale; ``preferred`` unless another is more than ``margin`` times larger."""
    if not sizes:
        return preferred
    scales = {d: fit_scale(w, h, *frame) for d, (w, h) in sizes.items()}
    best = max(scales, key=lambda d: scales[d])
    own = scales.get(preferred)
    if own is None:
        return best
    return best if scales[best] > own * margin else preferred
