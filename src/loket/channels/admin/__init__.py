"""The admin pages of the channels, one module per channel."""

from loket.channels.admin import mail_in, mail_out, telephony  # noqa: F401
