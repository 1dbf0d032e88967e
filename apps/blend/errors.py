"""The typed errors the Blend client raises. Views catch `BlendError` subclasses, never httpx's."""

from __future__ import annotations


class BlendError(Exception):
    """Root of every anticipated failure talking to Blend."""

    user_message = "Blend could not complete the request."

    def __init__(self, message: str = "", *, method: str = "", path: str = "") -> None:
        super().__init__(message or self.user_message)
        self.message = message or self.user_message
        self.method = method
        self.path = path


class BlendConnectionError(BlendError):
    user_message = "Blend cannot be reached right now. Please try again in a moment."


class BlendTimeout(BlendConnectionError):
    """No answer in time. `request_sent`: False when the request certainly never reached Blend
    (the connection could not be made, or no pooled connection was free)."""

    user_message = "Blend is taking too long to answer. Please try again in a moment."

    def __init__(self, message: str = "", *, method: str = "", path: str = "", request_sent: bool = True):
        super().__init__(message, method=method, path=path)
        self.request_sent = request_sent


class BlendMalformedResponse(BlendError):
    user_message = "Blend sent an answer BlendAdmin could not read. Please try again."


class BlendStatusError(BlendError):
    """Blend answered with a non-2xx status."""

    status_code: int = 0

    def __init__(
        self,
        message: str = "",
        *,
        status_code: int | None = None,
        fields: dict[str, list[str]] | None = None,
        method: str = "",
        path: str = "",
    ) -> None:
        super().__init__(message, method=method, path=path)
        if status_code is not None:
            self.status_code = status_code
        self.fields = fields or {}


class BlendValidationError(BlendStatusError):
    """400 or 422: Blend refused the input. `fields` maps field names to messages."""

    status_code = 422
    user_message = "Blend refused the data that was sent."


class BlendBadRequest(BlendValidationError):
    status_code = 400


class BlendUnauthorized(BlendStatusError):
    status_code = 401
    user_message = "BlendAdmin could not sign in to Blend. Check the Blend credentials."


class BlendForbidden(BlendStatusError):
    status_code = 403
    user_message = "The Blend account BlendAdmin uses is not allowed to do this."


class BlendNotFound(BlendStatusError):
    status_code = 404
    user_message = "Blend has no record with that id."


class BlendConflict(BlendStatusError):
    """409: the action is not allowed in the record's current state."""

    status_code = 409
    user_message = "Blend refused: the record has changed and the action no longer applies."


class BlendRateLimited(BlendStatusError):
    status_code = 429
    user_message = "Blend is receiving too many requests. Please wait a moment and try again."

    def __init__(self, message: str = "", *, retry_after: float | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class BlendServerError(BlendStatusError):
    status_code = 500
    user_message = "Blend had a problem answering. Please try again in a moment."


STATUS_ERRORS: dict[int, type[BlendStatusError]] = {
    400: BlendBadRequest,
    401: BlendUnauthorized,
    403: BlendForbidden,
    404: BlendNotFound,
    409: BlendConflict,
    422: BlendValidationError,
    429: BlendRateLimited,
}


def error_class_for_status(status_code: int) -> type[BlendStatusError]:
    if status_code >= 500:
        return BlendServerError
    return STATUS_ERRORS.get(status_code, BlendStatusError)
