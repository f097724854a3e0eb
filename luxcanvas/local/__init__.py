"""The free offline restoration strategy ``local`` (no network, no key)."""

from luxcanvas.local.pipeline import STAGES, LocalOptions, restore

__all__ = ["STAGES", "LocalOptions", "restore"]
