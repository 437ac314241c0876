"""Collaboration (colleagues helping, @mentions, handovers), callbacks, recurring tasks and the agent's day."""
