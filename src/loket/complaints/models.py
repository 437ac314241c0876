"""Complaints: their own flow on a ticket, deadline, follow-up and counts."""
