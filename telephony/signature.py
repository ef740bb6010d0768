"""Every webhook must carry a valid Twilio signature, or it gets 403 and changes nothing."""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

from . import auth_token

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def signed_url() -> str:
    """The URL Twilio signed: behind a TLS proxy that is PUBLIC_BASE_URL + path, not what
    the app sees (http://10.0.0.5:8000/...)."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if base:
        query = request.query_string.decode("latin-1")
        return base + request.path + (f"?{query}" if query else "")
    return request.url


@functools.lru_cache(maxsize=8)
def _validator(token: str) -> RequestValidator:
    return RequestValidator(token)


def is_valid_request() -> bool:
    """One HMAC for a request signed for the URL as we see it (every request Twilio
    sends us, and our own phones'); only a mismatch tries the URL with and without a
    port, as Twilio's own validator always does (two more HMACs)."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    validator = _validator(auth_token())
    url, form = signed_url(), request.form
    computed = validator.compute_signature(url, form)
    if hmac.compare_digest(computed.encode(), signature.encode()):
        return True
    return bool(validator.validate(url, form, signature))


def twilio_signed(view: F) -> F:
    """Decorator for webhook views: check the signature before anything else runs."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not is_valid_request():
            log.warning("webhook %s refused: missing or wrong signature", request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def sign(url: str, params: dict[str, str], token: str) -> str:
    """The X-Twilio-Signature for ``params`` posted to ``url`` (used by our own phones)."""
    return _validator(token).compute_signature(url, params)
