"""Errors that services raise; the UI shows their message, the API maps them to 4xx."""


class ServiceError(Exception):
    """A business rule refused the action. ``code`` is stable; ``message`` is translated."""

    code = "invalid"
    status = 422

    def __init__(self, message, *, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class InvalidInput(ServiceError):
    code = "invalid"
    status = 422


class TransitionNotAllowed(ServiceError):
    code = "transition_not_allowed"
    status = 409


class VersionConflict(ServiceError):
    """Someone else changed the object after the caller read it."""

    code = "version_conflict"
    status = 409

    def __init__(self, message, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version
