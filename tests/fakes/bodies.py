"""Example LaoZhang gateway response bodies, shaped like recorded ones, for parser unit tests.

Every constant is a fresh-enough copy of what the gateway sends (see DESIGN.md §3); JSON bodies are
Python dicts (``json.dumps`` them to get the wire form), HTML pages are ``str``. Image payloads are
tiny real images (8x6 pixels) encoded with Pillow at import time, so parsers can decode them.

The error-body builders (`new_api_error`, `google_error`, `seedream_error`) and the HTML pages are
also what the fake gateway (`tests.fakes.gateway`) sends, so both stay in step.

Index of the constants:

- images: ``TINY_PNG`` (bytes), ``TINY_PNG_B64``, ``TINY_PNG_DATA_URL``, ``TINY_WEBP_B64``,
  ``TINY_WEBP_DATA_URL``, ``TINY_JPEG_B64``, ``TINY_ALT_PNG_B64`` (a different picture),
  ``TINY_ALT_PNG_DATA_URL``, ``TINY_DARK_PNG_B64`` (the "interim" picture of thought parts)
- chat: ``CHAT_GEMINI_PNG``, ``CHAT_GEMINI_WEBP``, ``CHAT_SORA_PROGRESS`` (+ ``SORA_IMAGE_URL``),
  ``CHAT_TWO_IMAGES`` (the answer is ``TINY_ALT_PNG_DATA_URL``, the last image),
  ``CHAT_REFUSAL_ZH``, ``CHAT_TEXT_DESCRIPTION``
- native: ``NATIVE_PRO_WITH_THOUGHTS`` (the answer is ``TINY_PNG_B64``, the last non-thought image),
  ``NATIVE_IMAGE_SAFETY``, ``NATIVE_NO_IMAGE``, ``NATIVE_BLOCK_REASON``
- images (Seedream): ``SEEDREAM_B64``, ``SEEDREAM_URL`` (+ ``SEEDREAM_IMAGE_URL``),
  ``SEEDREAM_EMPTY``
- errors: ``NEWAPI_401``, ``NEWAPI_QUOTA_403``, ``NEWAPI_QUOTA_429``, ``NEWAPI_MODEL_NOT_FOUND``,
  ``NEWAPI_RATE_LIMIT``, ``NEWAPI_SERVER_ERROR``, ``GOOGLE_INVALID_ARGUMENT``,
  ``SEEDREAM_INVALID_PARAMETER``, ``SEEDREAM_SENSITIVE``
- pages: ``CLOUDFLARE_524_HTML``, ``NGINX_413_HTML``, ``NGINX_502_HTML``, ``EXPIRED_URL_XML``,
  ``NOT_JSON_BODY``
"""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image, ImageDraw

# --- tiny real images -----------------------------------------------------------------------------


def _tiny_picture(background: tuple[int, int, int], mark: tuple[int, int, int]) -> Image.Image:
    """An 8x6 RGB picture: a flat background with a 3x2 block, so decoders see real content."""
    picture = Image.new("RGB", (8, 6), background)
    ImageDraw.Draw(picture).rectangle((2, 2, 4, 3), fill=mark)
    return picture


def _encode(picture: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


_PICTURE = _tiny_picture((200, 180, 150), (40, 30, 20))
_ALT_PICTURE = _tiny_picture((90, 120, 200), (250, 250, 250))
_DARK_PICTURE = _tiny_picture((60, 55, 45), (10, 10, 10))

TINY_PNG: bytes = _encode(_PICTURE, "PNG")
TINY_PNG_B64: str = _b64(TINY_PNG)
TINY_PNG_DATA_URL: str = "data:image/png;base64," + TINY_PNG_B64
TINY_WEBP_B64: str = _b64(_encode(_PICTURE, "WEBP"))
TINY_WEBP_DATA_URL: str = "data:image/webp;base64," + TINY_WEBP_B64
TINY_JPEG_B64: str = _b64(_encode(_PICTURE, "JPEG"))
TINY_ALT_PNG_B64: str = _b64(_encode(_ALT_PICTURE, "PNG"))
TINY_ALT_PNG_DATA_URL: str = "data:image/png;base64," + TINY_ALT_PNG_B64
TINY_DARK_PNG_B64: str = _b64(_encode(_DARK_PICTURE, "PNG"))

REQUEST_ID = "20260115103245123456789abcdefgh"

# --- error bodies (shared with the fake gateway) --------------------------------------------------


def new_api_error(
    message: str, code: str, *, type: str = "new_api_error", request_id: str = REQUEST_ID
) -> dict[str, Any]:
    """The new-api gateway's error body; the message ends with ``(request id: X)``."""
    return {
        "error": {
            "message": f"{message} (request id: {request_id})",
            "type": type,
            "param": "",
            "code": code,
        }
    }


def google_error(
    message: str, *, status: str = "INVALID_ARGUMENT", code: int = 400
) -> dict[str, Any]:
    """A Google-style error body, as passed through on the native route."""
    return {"error": {"code": code, "message": message, "status": status}}


def seedream_error(code: str, message: str, *, request_id: str = REQUEST_ID) -> dict[str, Any]:
    """A Seedream (ByteDance ark) error body, as passed through on the images route."""
    return {
        "error": {
            "code": code,
            "message": f"{message} Request id: {request_id}",
            "param": "",
            "type": "invalid_request_error",
        }
    }


NEWAPI_401 = new_api_error("无效的令牌", "invalid_api_key")
NEWAPI_QUOTA_403 = new_api_error("用户额度不足, 剩余额度: ＄0.003100", "insufficient_user_quota")
NEWAPI_QUOTA_429 = new_api_error("用户额度不足, 剩余额度: ＄0.000000", "insufficient_user_quota")
NEWAPI_MODEL_NOT_FOUND = new_api_error(
    "当前分组 default 下对于模型 gemini-3-pro-image-preview 无可用渠道", "model_not_found"
)
NEWAPI_RATE_LIMIT = new_api_error(
    "当前分组上游负载已饱和，请稍后再试", "rate_limit_exceeded", type="rate_limit_error"
)
NEWAPI_SERVER_ERROR = new_api_error(
    "upstream error: do request failed: read: connection reset by peer", "do_request_failed"
)
GOOGLE_INVALID_ARGUMENT = google_error(
    "Invalid value at 'generation_config.image_config.image_size' (TYPE_STRING), \"4k\""
)
SEEDREAM_INVALID_PARAMETER = seedream_error(
    "InvalidParameter",
    "The parameter `size` specified in the request is not valid: image size must be at least "
    "3686400 pixels.",
)
SEEDREAM_SENSITIVE = seedream_error(
    "OutputImageSensitiveContentDetected",
    "The request failed because the output image may contain sensitive information.",
)

# --- HTML and other non-JSON pages ----------------------------------------------------------------

CLOUDFLARE_524_HTML = """<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
<head>
<title>api.laozhang.ai | 524: A timeout occurred</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="robots" content="noindex, nofollow" />
</head>
<body>
<div id="cf-wrapper">
  <div id="cf-error-details" class="p-0">
    <header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">
      <h1 class="inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl text-black-dark">
        <span class="inline-block">A timeout occurred</span>
        <span class="code-label">Error code 524</span>
      </h1>
    </header>
    <div class="w-240 lg:w-full mx-auto mb-8 lg:px-8">
      <h2>What happened?</h2>
      <p>The origin web server timed out responding to this request.</p>
    </div>
    <div class="cf-error-footer">
      <p>Cloudflare Ray ID: <strong class="font-semibold">8f1c2d3e4a5b6c7d</strong></p>
    </div>
  </div>
</div>
</body>
</html>
"""

NGINX_413_HTML = """<html>
<head><title>413 Request Entity Too Large</title></head>
<body>
<center><h1>413 Request Entity Too Large</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""

NGINX_502_HTML = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""

EXPIRED_URL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The specified key does not exist or the signed URL has expired.</Message>
  <RequestId>6785F0A1B2C3D4E5F6A7B8C9</RequestId>
</Error>
"""

NOT_JSON_BODY = '{"id":"chatcmpl-2026","object":"chat.completion","choices":[{"index":0,"messa'

# --- chat dialect ---------------------------------------------------------------------------------


def chat_completion(
    model: str,
    content: str,
    *,
    finish_reason: str = "stop",
    completion_tokens: int = 1290,
    prompt_tokens: int = 1311,
    request_id: str = REQUEST_ID,
    created: int = 1768473165,
) -> dict[str, Any]:
    """An OpenAI-style chat completion body as the gateway returns it."""
    return {
        "id": "chatcmpl-" + request_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


CHAT_GEMINI_PNG = chat_completion(
    "gemini-2.5-flash-image", f"Here is the restored photograph.\n\n![image]({TINY_PNG_DATA_URL})"
)
CHAT_GEMINI_WEBP = chat_completion("gemini-2.5-flash-image", f"![image]({TINY_WEBP_DATA_URL})")

SORA_IMAGE_URL = "https://filesystem.site/cdn/20260115/6b1f0a9e3c2d4e5f8a7b6c5d4e3f2a1b.png"
CHAT_SORA_PROGRESS = chat_completion(
    "sora_image",
    "```json\n"
    "{\n"
    '  "prompt": "A restored 1950s family portrait, two adults, soft daylight 【2:3】",\n'
    '  "ratio": "2:3",\n'
    '  "n": 1\n'
    "}\n"
    "```\n\n"
    "> ID: `task_01kf3x9q2w8e7r6t5y4u3i2o1p`\n"
    "> 排队中..\n"
    "> 生成中...\n"
    "> 进度 36..\n"
    "> 进度 78..\n"
    "> 生成完成 ✅\n\n"
    f"![图片]({SORA_IMAGE_URL})\n\n"
    f"[点击下载]({SORA_IMAGE_URL})",
    completion_tokens=1024,
)

CHAT_TWO_IMAGES = chat_completion(
    "gemini-2.5-flash-image",
    f"First draft:\n\n![image]({TINY_PNG_DATA_URL})\n\n"
    f"Final version with the crease removed:\n\n![image]({TINY_ALT_PNG_DATA_URL})",
)

CHAT_REFUSAL_ZH = chat_completion(
    "gemini-2.5-flash-image",
    "抱歉，我无法处理这张图片。您的请求可能违反了我们的内容安全政策，请修改后重试。",
    finish_reason="content_filter",
    completion_tokens=31,
)

CHAT_TEXT_DESCRIPTION = chat_completion(
    "gpt-4o-mini",
    "A black-and-white photograph, landscape orientation (800x600 pixels), mean brightness 118. "
    "People: two adults standing side by side near the centre, facing the camera.",
    completion_tokens=64,
)

# --- native (Gemini) dialect ----------------------------------------------------------------------

_NATIVE_USAGE = {
    "promptTokenCount": 571,
    "candidatesTokenCount": 1120,
    "thoughtsTokenCount": 312,
    "totalTokenCount": 2003,
}

NATIVE_PRO_WITH_THOUGHTS: dict[str, Any] = {
    "candidates": [
        {
            "content": {
                "role": "model",
                "parts": [
                    {
                        "text": "**Assessing the damage**\n\nI see scratches and fading to repair.",
                        "thought": True,
                    },
                    {
                        "inlineData": {"mimeType": "image/png", "data": TINY_DARK_PNG_B64},
                        "thought": True,
                    },
                    {"text": "Here is the restored photograph."},
                    {
                        "inlineData": {"mimeType": "image/png", "data": TINY_PNG_B64},
                        "thoughtSignature": "Q2lRQmpaRzU0T0RkaU1XVTNOR0V4",
                    },
                ],
            },
            "finishReason": "STOP",
            "index": 0,
        }
    ],
    "usageMetadata": _NATIVE_USAGE,
    "modelVersion": "gemini-3-pro-image-preview",
    "responseId": "x0VoaZ2aBYyP1MkPqv-x4Q4",
}

NATIVE_IMAGE_SAFETY: dict[str, Any] = {
    "candidates": [{"finishReason": "IMAGE_SAFETY", "index": 0}],
    "usageMetadata": {"promptTokenCount": 571, "totalTokenCount": 571},
    "modelVersion": "gemini-3-pro-image-preview",
    "responseId": "y1VoaZ2aBYyP1MkPqv-x4Q4",
}

NATIVE_NO_IMAGE: dict[str, Any] = {
    "candidates": [
        {
            "content": {
                "role": "model",
                "parts": [{"text": "I can describe the photograph, but I did not make an image."}],
            },
            "finishReason": "NO_IMAGE",
            "index": 0,
        }
    ],
    "usageMetadata": {"promptTokenCount": 571, "totalTokenCount": 590},
    "modelVersion": "gemini-3-pro-image-preview",
    "responseId": "z2VoaZ2aBYyP1MkPqv-x4Q4",
}

NATIVE_BLOCK_REASON: dict[str, Any] = {
    "promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
    "usageMetadata": {"promptTokenCount": 571, "totalTokenCount": 571},
    "modelVersion": "gemini-3-pro-image-preview",
    "responseId": "a3VoaZ2aBYyP1MkPqv-x4Q4",
}

# --- images (Seedream) dialect --------------------------------------------------------------------

SEEDREAM_B64: dict[str, Any] = {
    "model": "seedream-4-0-250828",
    "created": 1768473165,
    "data": [{"b64_json": TINY_JPEG_B64, "size": "8x6"}],
    "usage": {"generated_images": 1, "output_tokens": 16384, "total_tokens": 16384},
}

SEEDREAM_IMAGE_URL = (
    "https://ark-content-generation-v2-cn-beijing.tos-cn-beijing.volces.com/seedream-4-0/"
    "0217684731650001.jpeg?X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Expires=86400"
)
SEEDREAM_URL: dict[str, Any] = {
    "model": "seedream-4-0-250828",
    "created": 1768473165,
    "data": [{"url": SEEDREAM_IMAGE_URL, "size": "2048x1536"}],
    "usage": {"generated_images": 1, "output_tokens": 12288, "total_tokens": 12288},
}

SEEDREAM_EMPTY: dict[str, Any] = {
    "model": "seedream-4-0-250828",
    "created": 1768473165,
    "data": [],
    "usage": {"generated_images": 0, "output_tokens": 0, "total_tokens": 0},
}
