"""Remote sessions on a contact's computer, each with a consent record."""
