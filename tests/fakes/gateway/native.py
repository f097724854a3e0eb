"""The native dialect: ``POST /v1beta/models/{model}:generateContent`` (Gemini).

Inline images in, camelCase ``inlineData`` out; the Pro model "thinks" (thought parts with
interim images before the final one); no image comes with a ``finishReason`` or a
``promptFeedback.blockReason`` (DESIGN.md §3).
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from PIL import ImageOps

from .catalog import GEMINI_IMAGE_MODELS, GEMINI_SIZES, NATIVE_IMAGE_MODELS, NATIVE_TEXT_MODELS
from .dialect import Dialect
from .pictures import (
    describe_picture,
    encode_picture,
    fit_size,
    frame_picture,
    interim_picture,
    nearest_ratio,
    picture_from_prompt,
    transform_picture,
)
from .replies import ClientError, Reply, json_reply
from .scenarios import Scenario

_NATIVE_INLINE_LIMIT = 7 * 1024 * 1024


class NativeDialect(Dialect):
    """Gemini's generateContent with an image config."""

    def _native(self, model: str, payload: dict[str, Any], scenario: Scenario | None) -> Reply:
        contents = payload.get("contents")
        if not isinstance(contents, list) or not contents:
            raise ClientError(self._bad_request("native", "* contents: must not be empty"))
        texts: list[str] = []
        inline: list[bytes] = []
        for content in contents:
            parts = content.get("parts") if isinstance(content, dict) else None
            if not isinstance(parts, list) or not parts:
                raise ClientError(self._bad_request("native", "* contents.parts: must be a list"))
            for part in parts:
                if not isinstance(part, dict):
                    raise ClientError(self._bad_request("native", "each part must be an object"))
                blob = part.get("inline_data", part.get("inlineData"))
                if isinstance(part.get("text"), str):
                    texts.append(part["text"])
                elif isinstance(blob, dict):
                    mime = blob.get("mime_type", blob.get("mimeType"))
                    if not isinstance(mime, str) or not mime.startswith("image/"):
                        raise ClientError(self._bad_request("native", f"bad mime_type {mime!r}"))
                    data = self._b64decode(blob.get("data"), "native")
                    if len(data) > _NATIVE_INLINE_LIMIT:
                        message = f"inline image of {len(data)} bytes exceeds the 7 MB limit"
                        raise ClientError(self._bad_request("native", message))
                    inline.append(data)
                else:
                    raise ClientError(self._bad_request("native", "part needs text or inline_data"))
        if len(inline) > 14:
            raise ClientError(self._bad_request("native", "at most 14 images per request"))

        config = payload.get("generationConfig", payload.get("generation_config")) or {}
        image_config = config.get("imageConfig", config.get("image_config")) or {}
        spec = GEMINI_IMAGE_MODELS.get(model)
        sizes = spec.sizes if spec else ("1K", "2K", "4K")
        image_size = image_config.get("imageSize", image_config.get("image_size", "1K"))
        if image_size not in sizes:  # e.g. "512" on gemini-nano-banana-2.1, "2k" anywhere
            message = (
                "Invalid value at 'generation_config.image_config.image_size' "
                f"(TYPE_STRING), {json.dumps(image_size)}; expected one of {', '.join(sizes)}"
            )
            raise ClientError(self._bad_request("native", message))
        aspect_ratio = image_config.get("aspectRatio", image_config.get("aspect_ratio"))
        if aspect_ratio is not None:
            self.gw._record_aspect_ratio(aspect_ratio)
            if aspect_ratio not in (spec.ratios if spec else GEMINI_SIZES):
                message = f"Unsupported aspect ratio {aspect_ratio!r} for model {model}"
                raise ClientError(self._bad_request("native", message))
        if model not in NATIVE_IMAGE_MODELS | NATIVE_TEXT_MODELS:
            raise ClientError(self._model_not_found(model))
        pictures = [self._picture(data, "native") for data in inline]
        prompt = "\n".join(texts)
        usage: dict[str, Any] = {"promptTokenCount": len(prompt) // 4 + 258 * len(inline) + 8}

        def answer(
            candidate: dict[str, Any] | None,
            extra: dict[str, Any] | None = None,
            result: str = "no_image",
        ) -> Reply:
            usage["totalTokenCount"] = (
                usage["promptTokenCount"]
                + usage.get("candidatesTokenCount", 0)
                + usage.get("thoughtsTokenCount", 0)
            )
            body: dict[str, Any] = {}
            if candidate is not None:
                body["candidates"] = [{**candidate, "index": 0}]
            body.update(extra or {})
            body.update(
                {"usageMetadata": usage, "modelVersion": model, "responseId": self.request_id}
            )
            return json_reply(200, body, result=result)

        if scenario is Scenario.BLOCK_REASON:
            return answer(None, {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}})
        if scenario is Scenario.REFUSAL:
            return answer({"finishReason": "IMAGE_SAFETY"})
        modalities = config.get("responseModalities", config.get("response_modalities"))
        wants_image = not isinstance(modalities, list) or "IMAGE" in modalities
        if scenario is Scenario.NO_IMAGE or model in NATIVE_TEXT_MODELS or not wants_image:
            text = describe_picture(pictures[0]) if pictures else "There is no photo to describe."
            usage["candidatesTokenCount"] = len(text) // 4 + 1
            finish = "NO_IMAGE" if scenario is Scenario.NO_IMAGE else "STOP"
            parts = [{"text": text}]
            result = "text" if model in NATIVE_TEXT_MODELS else "no_image"
            content = {"content": {"role": "model", "parts": parts}, "finishReason": finish}
            return answer(content, result=result)

        assert spec is not None  # an image model
        pro = spec.thinks
        source = pictures[0] if pictures else None
        if aspect_ratio is not None:
            ratio = aspect_ratio
            if source is not None:
                source = ImageOps.fit(source, fit_size(source.size, ratio))  # the model crops
        else:
            ratio = nearest_ratio(*source.size, ratios=spec.ratios) if source is not None else "1:1"
        size = GEMINI_SIZES[ratio][image_size]
        if source is not None:  # outside the model's ratios: cropped to the nearest, not squashed
            source = frame_picture(source, size)
        mime = self.gw.native_mime
        if source is not None:
            picture = source
            key: tuple[Any, ...] = ("transform", inline[0], aspect_ratio, size, mime)
            data = self.gw._render(key, lambda: transform_picture(picture, size), mime)
        else:
            picture = picture_from_prompt(prompt, (256, 256))
            key = ("prompt", prompt, size, mime)
            data = self.gw._render(key, lambda: picture_from_prompt(prompt, size), mime)

        parts: list[dict[str, Any]] = []
        if pro:
            parts.append(
                {"text": "**Assessing the damage**\n\nI see fading to correct.", "thought": True}
            )
            for darkness in (0.45, 0.7):
                interim = encode_picture(interim_picture(picture, size, darkness), "image/png")
                parts.append(
                    {
                        "inlineData": {
                            "mimeType": "image/png",
                            "data": base64.b64encode(interim).decode("ascii"),
                        },
                        "thought": True,
                    }
                )
            parts.append({"text": "Here is the restored photograph."})
            usage["thoughtsTokenCount"] = 312
        final: dict[str, Any] = {
            "inlineData": {"mimeType": mime, "data": base64.b64encode(data).decode("ascii")}
        }
        if pro:
            final["thoughtSignature"] = base64.b64encode(uuid.uuid4().bytes).decode("ascii")
        parts.append(final)
        usage["candidatesTokenCount"] = (2000 if image_size == "4K" else 1120) if pro else 1290
        content = {"content": {"role": "model", "parts": parts}, "finishReason": "STOP"}
        return answer(content, result="image")
