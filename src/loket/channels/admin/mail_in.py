"""Admin: mail_in."""
