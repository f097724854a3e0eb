"""The images dialect: ``POST /v1/images/generations`` (Seedream), validated as the real one.

Size presets or ``WxH`` within the model's pixel range and ratio 1/16..16; input images jpeg/png,
aspect 1/3..3, sides > 14 px, ≤ 10 MB; output is a JPEG of exactly the size (DESIGN.md §3).
"""

from __future__ import annotations

import base64
import re
import time
from typing import Any

from PIL import Image

from .catalog import SEEDREAM_PIXEL_RANGE, SEEDREAM_PRESETS
from .dialect import Dialect
from .pictures import picture_from_prompt, transform_picture
from .replies import ClientError, Reply, json_reply
from .scenarios import URL_SCENARIOS, Scenario

_SEEDREAM_INPUT_LIMIT = 10 * 1024 * 1024


class ImagesDialect(Dialect):
    """Seedream's image generations."""

    def _images(self, payload: dict[str, Any], scenario: Scenario | None, kwargs: dict) -> Reply:
        def invalid(message: str) -> ClientError:
            return ClientError(self._bad_request("images", message))

        model = payload.get("model")
        if not isinstance(model, str) or not model:
            raise invalid("The parameter `model` specified in the request is not valid.")
        if model not in SEEDREAM_PIXEL_RANGE:
            raise ClientError(self._model_not_found(model))
        prompt = payload.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise invalid("The parameter `prompt` specified in the request is not valid.")
        images = payload.get("image")
        if images is None:
            images = []
        elif isinstance(images, str):
            images = [images]
        if not isinstance(images, list) or len(images) > 10:
            raise invalid("The parameter `image` must be a data URL or a list of up to 10.")
        raw_inputs: list[bytes] = []
        pictures: list[Image.Image] = []
        for url in images:
            mime, data = self._data_url_picture(url, "images")
            if mime not in ("image/jpeg", "image/png", "image/jpg"):
                raise invalid(f"The parameter `image` is not valid: format {mime} not supported.")
            if len(data) > _SEEDREAM_INPUT_LIMIT:
                raise invalid("The parameter `image` is not valid: image exceeds 10 MB.")
            picture = self._picture(data, "images")
            width, height = picture.size
            if width <= 14 or height <= 14:
                raise invalid(f"The parameter `image` is not valid: {width}x{height} is too small.")
            if not 1 / 3 <= width / height <= 3:
                raise invalid(f"The parameter `image` is not valid: aspect {width}x{height}.")
            raw_inputs.append(data)
            pictures.append(picture)

        size_field = payload.get("size", "2K")
        low, high = SEEDREAM_PIXEL_RANGE[model]
        if size_field in SEEDREAM_PRESETS:
            size = SEEDREAM_PRESETS[size_field]
        else:
            match = (
                re.fullmatch(r"(\d+)x(\d+)", size_field) if isinstance(size_field, str) else None
            )
            if not match:
                raise invalid(
                    f"The parameter `size` specified in the request is not valid: {size_field!r}."
                )
            size = (int(match.group(1)), int(match.group(2)))
            if not size[0] or not size[1] or not 1 / 16 <= size[0] / size[1] <= 16:
                raise invalid(f"The parameter `size` is not valid: ratio of {size_field}.")
        pixels = size[0] * size[1]
        if not low <= pixels <= high:
            raise invalid(
                f"The parameter `size` specified in the request is not valid: image size must be "
                f"between {low} and {high} pixels, got {size_field} ({pixels})."
            )
        response_format = payload.get("response_format", "url")
        if response_format not in ("url", "b64_json"):
            raise invalid(f"The parameter `response_format` is not valid: {response_format!r}.")
        if not isinstance(payload.get("watermark", False), bool):
            raise invalid("The parameter `watermark` must be a boolean.")
        sequential = payload.get("sequential_image_generation", "disabled")
        if sequential not in ("disabled", "auto"):
            raise invalid("The parameter `sequential_image_generation` is not valid.")
        if payload.get("stream", False) is not False:
            raise invalid("The parameter `stream` is not supported by the fake gateway.")

        created = int(time.time())
        if scenario in (Scenario.REFUSAL, Scenario.NO_IMAGE):
            usage = {"generated_images": 0, "output_tokens": 0, "total_tokens": 0}
            body = {"model": model, "created": created, "data": [], "usage": usage}
            return json_reply(200, body, result="no_image")
        if pictures:
            data = self.gw._render(
                ("transform", raw_inputs[0], size, "image/jpeg"),
                lambda: transform_picture(pictures[0], size),
                "image/jpeg",
            )
        else:
            data = self.gw._render(
                ("prompt", prompt, size, "image/jpeg"),
                lambda: picture_from_prompt(prompt, size),
                "image/jpeg",
            )
        item: dict[str, Any] = {"size": f"{size[0]}x{size[1]}"}
        if response_format == "b64_json" and scenario not in URL_SCENARIOS:
            item["b64_json"] = base64.b64encode(data).decode("ascii")
        else:
            item["url"] = self._store_file(data, "jpeg", scenario, kwargs)
        tokens = pixels // 256
        usage = {"generated_images": 1, "output_tokens": tokens, "total_tokens": tokens}
        body = {"model": model, "created": created, "data": [item], "usage": usage}
        return json_reply(200, body, result="image")
