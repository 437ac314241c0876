"""The planning pages: Today, my callbacks, the ticket panel's actions, recurring tasks."""
