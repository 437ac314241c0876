"""Checklists (routine tests) that agents add to tickets and tick off."""
