"""Admin: telephony."""
