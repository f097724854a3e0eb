"""LuxCanvas: restore old photographs with cloud image models or a free offline pipeline."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("luxcanvas")
except PackageNotFoundError:  # running from a source tree without an install (e.g. frozen)
    __version__ = "0.1.0"
