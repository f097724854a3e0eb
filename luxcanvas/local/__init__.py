"""The free offline restoration strategy ``local`` (no network, no key)."""

from luxcanvas.domain.local_options import STAGES, LocalOptions
from luxcanvas.local.pipeline import restore

__all__ = ["STAGES", "LocalOptions", "restore"]
