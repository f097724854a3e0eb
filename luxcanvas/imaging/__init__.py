"""Every pixel that enters or leaves LuxCanvas: probing, decoding, payloads, framing, export.

Pure functions over Pillow images, safe to call from several job threads at once: nothing here
changes Pillow's global settings. Untrusted bytes (user files, model answers) are sized from
their header before any decode, and every decoding failure becomes a ``LuxError`` with a plain
message naming the file.
"""

from luxcanvas.imaging.decode import MAX_PIXELS, SUPPORTED_FORMATS, SourceInfo, load_image, probe
from luxcanvas.imaging.export import default_output_name, export_image, unique_path
from luxcanvas.imaging.framing import DRIFT_WARN, Framing, fit_to_framing
from luxcanvas.imaging.payload import Payload, PayloadLimits, prepare_payload
from luxcanvas.imaging.results import decode_result, open_result, verify_result

__all__ = [
    "DRIFT_WARN",
    "MAX_PIXELS",
    "SUPPORTED_FORMATS",
    "Framing",
    "Payload",
    "PayloadLimits",
    "SourceInfo",
    "decode_result",
    "default_output_name",
    "export_image",
    "fit_to_framing",
    "load_image",
    "open_result",
    "prepare_payload",
    "probe",
    "unique_path",
    "verify_result",
]
