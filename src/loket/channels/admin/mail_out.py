"""Admin: mail_out."""
