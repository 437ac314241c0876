"""Phone numbers in E.164, so that every notation of one number finds one contact."""

import phonenumbers
from django.conf import settings


def to_e164(raw: str, region: str | None = None) -> str | None:
    """Return ``raw`` as E.164 (``+32470123456``), or None when it is not a valid number."""
    text = (raw or "").strip()
    if not text or len(text) > 40:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region or settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str, *, min_digits: int = 6) -> bool:
    """Whether ``text`` is (the start of) a phone number rather than a name."""
    digits = sum(ch.isdigit() for ch in text)
    return digits >= min_digits and all(ch.isdigit() or ch in "+()-./ " for ch in text.strip())


def display(e164: str) -> str:
    """International notation for display: ``+32 470 12 34 56``."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
