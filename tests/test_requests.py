"""What a paid request carries, checked before paying (issue 15 points 5 and 6): reference caps,
the photo where the model takes its framing from, only the sizes a model has, errors in words."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from luxcanvas.domain.errors import RefusedError, UsageError
from luxcanvas.domain.jobs import Job
from luxcanvas.gateway import images
from luxcanvas.store.catalog import load_catalog
from tests.conftest import FIXTURES, service_for

PHOTO = FIXTURES / "damaged" / "camera_damaged.jpg"  # square
REFERENCE = FIXTURES / "photos" / "coffee.png"  # 3:2
pytestmark = pytest.mark.skipif(not PHOTO.is_file(), reason="shared fixtures missing")


def _size(data: str) -> tuple[int, int]:
    with Image.open(io.BytesIO(base64.b64decode(data))) as im:
        return im.size


def test_references_over_the_models_cap_are_refused_before_paying(gateway):
    service = service_for(gateway)
    cap = service.catalog.get("preview").max_references
    assert cap == 3
    with pytest.raises(UsageError, match="at most 3 reference photos"):
        service.run(Job(PHOTO, "preview", references=(REFERENCE,) * (cap + 1)))
    with pytest.raises(UsageError, match="no reference photos"):
        service.run(Job(PHOTO, "magic-eye", references=(REFERENCE,)))
    assert gateway.count("*") == 0 and service.library.spent() == 0
    service.close()


def test_the_photo_goes_last_where_gemini_takes_its_framing_from(gateway):
    service = service_for(gateway)
    service.run(Job(PHOTO, "restore", references=(REFERENCE,)))
    parts = gateway.last("native").json["contents"][0]["parts"]
    inline = [p["inline_data"]["data"] for p in parts if "inline_data" in p]
    assert len(inline) == 2
    width, height = _size(inline[-1])
    assert width == height, "the square photo must be the last image"
    assert _size(inline[0])[0] > _size(inline[0])[1]  # the 3:2 reference comes first
    service.close()


def test_seedream_4_5_offers_only_the_sizes_it_has():
    catalog = load_catalog()
    assert "1K" not in catalog.get("reshoot-4.5").sizes
    with pytest.raises(UsageError):
        catalog.resolve_size("reshoot-4.5", "1K")
    assert catalog.resolve_size("reshoot-4.5", "2K") == "2K"


def test_a_per_image_seedream_error_reads_as_a_sentence():
    answer = {
        "data": [
            {
                "error": {
                    "code": "OutputImageSensitiveContentDetected",
                    "message": "The generated image may contain sensitive content.",
                }
            }
        ]
    }
    with pytest.raises(RefusedError) as refused:
        images.extract_image(answer, None)  # type: ignore[arg-type]
    assert "may contain sensitive content." in refused.value.message
    assert "{" not in refused.value.message and "'code'" not in refused.value.message
