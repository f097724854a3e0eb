"""The chat dialect: ``POST /v1/chat/completions``, the image in the answer's markdown.

Gemini image models answer ``![image](data:...)``; gpt-4o-image and sora_image answer progress
lines, a fenced json block, ``![图片](url)`` and ``[点击下载](url)``; text models describe the
photo; a refusal is a 200 with text and no image (DESIGN.md §3).
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from typing import Any

from PIL import Image

from .. import bodies
from .catalog import (
    CHAT_DATA_URL_MODELS,
    CHAT_LINK_MODELS,
    GEMINI_IMAGE_MODELS,
    GEMINI_SIZES,
    OPENAI_SIZES,
    TEXT_MODELS,
)
from .dialect import Dialect
from .pictures import (
    describe_picture,
    frame_picture,
    nearest_ratio,
    picture_from_prompt,
    transform_picture,
)
from .replies import ClientError, Reply, json_reply
from .scenarios import Scenario


class ChatDialect(Dialect):
    """OpenAI-style chat completions with images in and out."""

    def _chat(self, payload: dict[str, Any], scenario: Scenario | None, kwargs: dict) -> Reply:
        model = payload.get("model")
        messages = payload.get("messages")
        if not isinstance(model, str) or not model:
            raise ClientError(self._bad_request("chat", "field model is required"))
        if not isinstance(messages, list) or not messages:
            raise ClientError(self._bad_request("chat", "field messages is required"))
        texts: list[str] = []
        pictures: list[Image.Image] = []
        raw_inputs: list[bytes] = []
        for message in messages:
            if not isinstance(message, dict) or not isinstance(message.get("role"), str):
                raise ClientError(self._bad_request("chat", "each message needs a role"))
            content = message.get("content")
            if isinstance(content, str):
                texts.append(content)
                continue
            if not isinstance(content, list):
                raise ClientError(self._bad_request("chat", "content must be a string or list"))
            for part in content:
                kind = part.get("type") if isinstance(part, dict) else None
                if kind == "text" and isinstance(part.get("text"), str):
                    texts.append(part["text"])
                elif kind == "image_url":
                    image_url = part.get("image_url")
                    url = image_url.get("url") if isinstance(image_url, dict) else image_url
                    _mime, data = self._data_url_picture(url, "chat")
                    raw_inputs.append(data)
                    pictures.append(self._picture(data, "chat"))
                else:
                    raise ClientError(self._bad_request("chat", f"invalid content part: {kind}"))
        prompt = "\n".join(texts)
        if model not in CHAT_DATA_URL_MODELS | CHAT_LINK_MODELS | TEXT_MODELS:
            raise ClientError(self._model_not_found(model))

        if scenario is Scenario.REFUSAL:
            refusal = (
                "抱歉，我无法处理这张图片。您的请求可能违反了我们的内容安全政策，请修改后重试。"
            )
            return self._chat_completion(model, refusal, "content_filter", prompt, len(pictures))
        if scenario is Scenario.NO_IMAGE or model in TEXT_MODELS:
            if pictures:
                answer = describe_picture(pictures[0])
            else:
                answer = f"I read your message ({len(prompt)} characters); there is no photo."
            result = "text" if model in TEXT_MODELS else "no_image"
            return self._chat_completion(model, answer, "stop", prompt, len(pictures), result)

        if model in CHAT_DATA_URL_MODELS:
            # This route cannot set size: 1K, at the model's supported ratio nearest the input's.
            mime = self.gw.chat_mime
            if pictures:
                ratio = nearest_ratio(*pictures[0].size, ratios=GEMINI_IMAGE_MODELS[model].ratios)
                size = GEMINI_SIZES[ratio]["1K"]
                data = self.gw._render(
                    ("transform", raw_inputs[0], size, mime),
                    lambda: transform_picture(frame_picture(pictures[0], size), size),
                    mime,
                )
            else:
                size = GEMINI_SIZES["1:1"]["1K"]
                data = self.gw._render(
                    ("prompt", prompt, size, mime), lambda: picture_from_prompt(prompt, size), mime
                )
            encoded = base64.b64encode(data).decode("ascii")
            content = f"![image](data:{mime};base64,{encoded})"
            return self._chat_completion(model, content, "stop", prompt, len(pictures), "image")

        # gpt-4o-image edits the input; sora_image is blind and reads the aspect from the prompt.
        if model == "gpt-4o-image" and pictures:
            ratio = nearest_ratio(*pictures[0].size, ratios=OPENAI_SIZES)
            size = OPENAI_SIZES[ratio]
            data = self.gw._render(
                ("transform", raw_inputs[0], size, "image/png"),
                lambda: transform_picture(pictures[0], size),
                "image/png",
            )
        else:
            hint = re.search(r"【(\d+:\d+)】\s*$", prompt)
            ratio = hint.group(1) if hint and hint.group(1) in OPENAI_SIZES else "1:1"
            size = OPENAI_SIZES[ratio]
            data = self.gw._render(
                ("prompt", prompt, size, "image/png"),
                lambda: picture_from_prompt(prompt, size),
                "image/png",
            )
        url = self._store_file(data, "png", scenario, kwargs)
        task = {"prompt": prompt[:200], "ratio": ratio, "n": 1}
        content = (
            f"```json\n{json.dumps(task, ensure_ascii=False, indent=2)}\n```\n\n"
            f"> ID: `task_{uuid.uuid4().hex[:26]}`\n"
            "> 排队中..\n"
            "> 生成中...\n"
            "> 进度 36..\n"
            "> 进度 78..\n"
            "> 生成完成 ✅\n\n"
            f"![图片]({url})\n\n"
            f"[点击下载]({url})"
        )
        return self._chat_completion(model, content, "stop", prompt, len(pictures), "image")

    def _chat_completion(
        self,
        model: str,
        content: str,
        finish_reason: str,
        prompt: str,
        images: int,
        result: str = "no_image",
    ) -> Reply:
        prompt_tokens = len(prompt) // 4 + 258 * images + 8
        completion_tokens = 1290 if content.startswith(("![", "```")) else len(content) // 4 + 1
        return json_reply(
            200,
            bodies.chat_completion(
                model,
                content,
                finish_reason=finish_reason,
                completion_tokens=completion_tokens,
                prompt_tokens=prompt_tokens,
                request_id=self.request_id,
                created=int(time.time()),
            ),
            result=result,
        )
