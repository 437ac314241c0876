"""Ticket numbers stay unique and gapless when many agents create tickets at once."""

import threading

import pytest
from django.db import connection

from loket.tickets.models import Ticket
from loket.tickets.services import create_ticket

THREADS = 8
PER_THREAD = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_creation_hands_out_distinct_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row lock is exercised on PostgreSQL")
    start = threading.Barrier(THREADS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                ticket = create_ticket(acting_user=None, subject=f"Call {n}.{i}")
                with lock:
                    numbers.append(ticket.number)
        except BaseException as exc:  # re-raised in the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(numbers) == len(set(numbers)) == THREADS * PER_THREAD
    years = {number.split("-")[0] for number in numbers}
    assert len(years) == 1
    sequence = sorted(int(number.split("-")[1]) for number in numbers)
    assert sequence == list(range(1, THREADS * PER_THREAD + 1))
    assert Ticket.objects.count() == THREADS * PER_THREAD
