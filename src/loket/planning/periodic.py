"""What the worker runs every round for planning: recurring tasks, due callbacks."""


def run(now=None) -> dict:
    return {}
