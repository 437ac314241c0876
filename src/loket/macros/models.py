"""Canned answers (macros) per language and communication profile."""
