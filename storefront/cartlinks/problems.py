"""Why a link does not open (shared by the service, its pages and their sample states)."""


class Problem:
    """Why a link does not open. The page says which; nothing is changed."""

    TAMPERED = "tampered"
    MISSING = "missing"
    REVOKED = "revoked"
    EXPIRED = "expired"
    USED_UP = "used_up"
    LOG_IN = "log_in"
    OTHER_CLIENT = "other_client"
    OTHER_CUSTOMER = "other_customer"
    TOO_MANY = "too_many"
