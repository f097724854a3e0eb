"""The API key: environment > OS keyring > this session only. Never a plain file.

``SecretStore`` is the only code that touches the key's storage. When the machine
has no secure keyring backend, the key is kept in memory for the running session and
``status().secure`` is False so the front end can tell the user.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "luxcanvas"
ACCOUNT = "laozhang-api-key"
ENV_VAR = "LAOZHANG_API_KEY"

# Backends that are not a secure OS store: they fail, store nothing, or write plain text.
_INSECURE_MODULE_HINTS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


@dataclass(frozen=True)
class KeyStatus:
    present: bool
    source: str  # "environment" | "keyring" | "session" | "none"
    backend: str  # human-readable backend name
    secure: bool  # False when only a session-only store is available

    def describe(self) -> str:
        if self.source == "environment":
            return f"An API key is set by the {ENV_VAR} environment variable."
        if self.source == "keyring":
            return f"An API key is stored in the system keyring ({self.backend})."
        if self.source == "session":
            return (
                "An API key is kept for this session only: no secure keyring is available "
                "on this system, so it will be forgotten when LuxCanvas closes."
            )
        where = self.backend if self.secure else "this session only (no secure keyring found)"
        return f"No API key is set. A key you add will be stored in {where}."


def is_secure_backend(backend: KeyringBackend) -> bool:
    """True when the backend stores secrets in a real OS keyring."""
    backends = getattr(backend, "backends", None)
    if backends is not None:  # a ChainerBackend: secure if any member is
        return any(is_secure_backend(b) for b in backends)
    module = type(backend).__module__
    if any(module.startswith(h) for h in _INSECURE_MODULE_HINTS):
        return False
    try:
        return float(backend.priority) > 0  # type: ignore[arg-type]
    except Exception:
        return False


def backend_name(backend: KeyringBackend) -> str:
    name = getattr(backend, "name", "") or type(backend).__name__
    return str(name)


def _errors() -> Any:
    import keyring.errors

    return keyring.errors


class SecretStore:
    """Reads, stores and deletes the LaoZhang API key."""

    def __init__(self, backend: KeyringBackend | None = None):
        self._backend = backend
        self._session_key: str | None = None
        self._lock = threading.Lock()

    @property
    def backend(self) -> KeyringBackend:
        # Imported on first use: with LAOZHANG_API_KEY set, the keyring is never needed.
        import keyring

        return self._backend or keyring.get_keyring()

    @property
    def secure(self) -> bool:
        return is_secure_backend(self.backend)

    def get(self) -> str | None:
        """The key to use now, or None."""
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            return env
        with self._lock:
            if self._session_key:
                return self._session_key
        if not self.secure:
            return None
        try:
            value = self.backend.get_password(SERVICE, ACCOUNT)
        except _errors().KeyringError:
            return None
        return value.strip() if value else None

    def set(self, key: str) -> KeyStatus:
        """Store the key in the keyring, or for this session when none is secure."""
        key = (key or "").strip()
        if not key:
            raise ValueError("The API key is empty.")
        if self.secure:
            try:
                self.backend.set_password(SERVICE, ACCOUNT, key)
                with self._lock:
                    self._session_key = None
                return self.status()
            except _errors().KeyringError:
                pass  # locked or refused: fall back to the session below
        with self._lock:
            self._session_key = key
        return self.status()

    def delete(self) -> None:
        with self._lock:
            self._session_key = None
        if self.secure:
            try:
                self.backend.delete_password(SERVICE, ACCOUNT)
            except _errors().PasswordDeleteError:
                pass  # nothing stored
            except _errors().KeyringError:
                pass

    def status(self) -> KeyStatus:
        backend = self.backend
        secure = is_secure_backend(backend)
        name = backend_name(backend)
        if os.environ.get(ENV_VAR, "").strip():
            return KeyStatus(True, "environment", name, secure)
        with self._lock:
            if self._session_key:
                return KeyStatus(True, "session", name, secure)
        if secure:
            try:
                if self.backend.get_password(SERVICE, ACCOUNT):
                    return KeyStatus(True, "keyring", name, secure)
            except _errors().KeyringError:
                pass
        return KeyStatus(False, "none", name, secure)


def mask(key: str) -> str:
    """A form of the key safe to show: 'sk-…cdef'."""
    key = key or ""
    if len(key) <= 8:
        return "•" * len(key)
    return f"{key[:3]}…{key[-4:]}"
