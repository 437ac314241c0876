import pytest

from loket.tickets.models import Ticket
from loket.tickets.search import filter_by_text
from loket.tickets.services import update_ticket


@pytest.fixture
def tickets(make_ticket, anna):
    return {
        "printer": make_ticket(anna, subject="Printer prints blank pages", description="Toner?"),
        "vpn": make_ticket(anna, subject="VPN drops", description="Since the update the VPN drops"),
        "mail": make_ticket(
            anna, subject="Mailbox full", description="Outlook says quota exceeded"
        ),
    }


def found(text):
    return set(filter_by_text(Ticket.objects.all(), text).values_list("subject", flat=True))


def test_it_finds_a_word_in_the_subject(tickets):
    assert found("printer") == {"Printer prints blank pages"}


def test_it_finds_a_word_in_the_description(tickets):
    assert found("quota") == {"Mailbox full"}


def test_every_word_must_match(tickets):
    assert found("vpn update") == {"VPN drops"}
    assert found("vpn toner") == set()


def test_the_last_word_matches_as_a_prefix_while_typing(tickets):
    assert found("outl") == {"Mailbox full"}


def test_it_finds_a_ticket_by_number_in_short_or_full_form(tickets):
    number = tickets["vpn"].number
    year, seq = number.split("-")
    assert found(number) == {"VPN drops"}
    assert found(f"{year}-{int(seq)}") == {"VPN drops"}


def test_an_edited_subject_is_found_by_its_new_words(tickets, anna):
    update_ticket(tickets["mail"], acting_user=anna, version=None, subject="Shared calendar")
    assert found("calendar") == {"Shared calendar"}
    assert found("mailbox") == set()


def test_an_empty_query_filters_nothing(tickets):
    assert len(found("   ")) == 3


@pytest.mark.parametrize(
    "text", ["'\"*:&|!()", "vpn & | !", "a'b", "x" * 500, "\x00", "NEAR(a b)", "-", "*"]
)
def test_query_syntax_in_the_text_never_breaks_the_search(tickets, text):
    list(filter_by_text(Ticket.objects.all(), text))
