"""Scenarios (call scripts): versioned decision trees that guide the agent through a call."""
