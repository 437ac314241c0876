"""The SLA configuration screens: calendars, policies with targets, the read-only lists."""

from datetime import date, time

import pytest
from django.utils import translation

from loket.notifications.services import notify
from loket.sla.calendars import holiday_choices, preview_days
from loket.sla.models import Calendar, ClosureDay, SlaAction, SlaPolicy, SlaTarget
from tests.conftest import PASSWORD

CALENDARS = "/admin/sla/calendar/"
POLICIES = "/admin/sla/slapolicy/"


@pytest.fixture
def admin_client(client, ad):
    client.login(username="ad", password=PASSWORD)
    return client


def inline(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def calendar_data(name="Helpdesk Gent", hours=None, closures=(), **fields):
    hours = (
        [
            {"weekday": "0", "start": "08:00", "end": "12:00"},
            {"weekday": "0", "start": "13:00", "end": "17:00"},
        ]
        if hours is None
        else hours
    )
    data = {"name": name, "time_zone": "Europe/Brussels", **fields}
    data |= inline("hours", hours)
    data |= inline("closures", list(closures))
    return data


def policy_data(calendar, targets=(), **fields):
    data = {
        "name": "Premium",
        "position": "10",
        "is_active": "on",
        "calendar": str(calendar.pk),
        "service_levels": ["premium"],
        "pause_statuses": ["waiting_customer"],
        "warning_percent": "80",
        "notify_supervisor": "on",
        **fields,
    }
    return data | inline("targets", list(targets))


# -- who may ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [CALENDARS, POLICIES, "/admin/sla/slaaction/"])
def test_staff_who_are_not_admins_are_sent_to_the_login(client, sofie, anna, url):
    for user in ("sofie", "anna"):
        client.login(username=user, password=PASSWORD)
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_customers_get_no_access(client, chris):
    client.login(username="chris", password=PASSWORD)
    assert client.get(POLICIES).status_code == 302
    assert client.post(POLICIES + "add/", {"name": "x"}).status_code == 302
    assert not SlaPolicy.objects.filter(name="x").exists()


# -- calendars ------------------------------------------------------------------------


def test_the_admin_sees_the_calendars(admin_client):
    response = admin_client.get(CALENDARS)
    assert response.status_code == 200
    assert "Kantooruren Brussel" in response.text
    assert "Mon–Fri 08:00–17:00" in response.text


def test_the_add_page_offers_time_zones_and_holidays(admin_client):
    response = admin_client.get(CALENDARS + "add/")
    assert response.status_code == 200
    assert '<option value="Europe/Brussels" selected>' in response.text
    assert "Armistice Day" in response.text
    assert "The next 14 days" not in response.text  # no preview before saving


def test_holidays_are_labelled_in_the_admins_language(admin_client, ad):
    admin_client.post("/language/", {"language": "fr"})
    response = admin_client.get(CALENDARS + "add/")
    assert "Jour de l&#x27;Armistice" in response.text
    assert 'value="Armistice Day"' in response.text


def test_the_admin_adds_a_calendar_with_hours_and_a_closure_day(admin_client):
    data = calendar_data(
        holidays=["Christmas Day", "Easter Monday"],
        closures=[{"date": "2026-07-20", "name": "Brugdag"}],
    )
    response = admin_client.post(CALENDARS + "add/", data)
    assert response.status_code == 302, response.context["errors"]
    calendar = Calendar.objects.get(name="Helpdesk Gent")
    assert calendar.holidays == ["Christmas Day", "Easter Monday"]
    assert [(h.weekday, h.start, h.end) for h in calendar.hours.all()] == [
        (0, time(8), time(12)),
        (0, time(13), time(17)),
    ]
    assert calendar.closures.get().date == date(2026, 7, 20)


def test_overlapping_hours_on_one_day_are_refused(admin_client):
    data = calendar_data(
        hours=[
            {"weekday": "1", "start": "08:00", "end": "12:30"},
            {"weekday": "1", "start": "12:00", "end": "17:00"},
        ]
    )
    response = admin_client.post(CALENDARS + "add/", data)
    assert response.status_code == 200
    assert "Tuesday: 08:00–12:30 and 12:00–17:00 overlap." in response.text
    assert not Calendar.objects.filter(name="Helpdesk Gent").exists()


def test_touching_intervals_and_an_evening_until_midnight_are_fine(admin_client):
    data = calendar_data(
        hours=[
            {"weekday": "4", "start": "08:00", "end": "12:00"},
            {"weekday": "4", "start": "12:00", "end": "00:00"},
        ]
    )
    assert admin_client.post(CALENDARS + "add/", data).status_code == 302


def test_an_interval_that_ends_before_it_starts_is_refused(admin_client):
    data = calendar_data(hours=[{"weekday": "2", "start": "17:00", "end": "08:00"}])
    response = admin_client.post(CALENDARS + "add/", data)
    assert response.status_code == 200
    assert "The interval must end after it starts (00:00 = midnight)." in response.text


def test_a_calendar_without_hours_must_be_open_24_7(admin_client):
    response = admin_client.post(CALENDARS + "add/", calendar_data(hours=[]))
    assert response.status_code == 200
    assert "without either the clock never runs" in response.text
    data = calendar_data(name="Altijd", hours=[], always_open="on")
    assert admin_client.post(CALENDARS + "add/", data).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus", "Select a valid choice."),
        ("holidays", "Sinterklaas", "Select a valid choice."),
        ("name", "", "This field is required."),
    ],
)
def test_bad_calendar_input_shows_errors(admin_client, field, value, message):
    data = calendar_data() | {field: value}
    response = admin_client.post(CALENDARS + "add/", data)
    assert response.status_code == 200
    assert message in response.text


@pytest.mark.parametrize(
    ("hours", "closures"),
    [
        ([{"weekday": "9", "start": "08:00", "end": "17:00"}], []),
        ([{"weekday": "0", "start": "25:00", "end": "17:00"}], []),
        ([{"weekday": "0", "start": "", "end": "17:00"}], []),
        (None, [{"date": "2026-02-30", "name": "?"}]),
        (None, [{"date": "", "name": "Teamdag"}]),
    ],
)
def test_bad_rows_show_errors(admin_client, hours, closures):
    response = admin_client.post(CALENDARS + "add/", calendar_data(hours=hours, closures=closures))
    assert response.status_code == 200
    assert "Please correct the error" in response.text
    assert not Calendar.objects.filter(name="Helpdesk Gent").exists()


def test_a_form_without_its_inline_management_data_shows_an_error(admin_client):
    response = admin_client.post(CALENDARS + "add/", {"name": "Helpdesk Gent"})
    assert response.status_code == 200
    assert not Calendar.objects.filter(name="Helpdesk Gent").exists()


def test_a_calendar_in_use_cannot_be_deleted(admin_client):
    calendar = Calendar.objects.get(name="Kantooruren Brussel")
    response = admin_client.post(f"{CALENDARS}{calendar.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.text
    assert Calendar.objects.filter(pk=calendar.pk).exists()


def test_a_closure_day_twice_is_refused(admin_client):
    day = {"date": "2026-07-20", "name": "Brugdag"}
    response = admin_client.post(CALENDARS + "add/", calendar_data(closures=[day, day]))
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.text


def test_the_change_page_previews_the_next_two_weeks(admin_client):
    calendar = Calendar.objects.get(name="Kantooruren Brussel")
    response = admin_client.get(f"{CALENDARS}{calendar.pk}/change/")
    assert response.status_code == 200
    assert "The next 14 days" in response.text
    assert "08:00–17:00" in response.text
    assert "9 h" in response.text


def test_the_24_7_calendar_page_shows_whole_days(admin_client):
    calendar = Calendar.objects.get(name="24/7")
    response = admin_client.get(f"{CALENDARS}{calendar.pk}/change/")
    assert response.status_code == 200
    assert "open all day" in response.text


def test_the_preview_names_holidays_and_closure_days(db):
    calendar = Calendar.objects.get(name="Kantooruren Brussel")
    ClosureDay.objects.create(calendar=calendar, date=date(2026, 7, 20), name="Brugdag")
    days = preview_days(calendar, today=date(2026, 7, 18))
    reasons = {d.day: d.closed_because for d in days}
    assert reasons[date(2026, 7, 20)] == "Brugdag"
    assert reasons[date(2026, 7, 21)] == "National Day"
    assert reasons[date(2026, 7, 22)] == ""
    worked = {d.day: d.business_seconds for d in days}
    assert worked[date(2026, 7, 18)] == 0  # Saturday
    assert worked[date(2026, 7, 20)] == 0
    assert worked[date(2026, 7, 22)] == 9 * 3600


def test_the_preview_of_a_24_7_calendar_counts_whole_days_across_dst(db):
    calendar = Calendar.objects.get(name="24/7")
    days = {d.day: d for d in preview_days(calendar, today=date(2026, 3, 28))}
    assert days[date(2026, 3, 28)].business_seconds == 24 * 3600
    assert days[date(2026, 3, 29)].business_seconds == 23 * 3600  # clocks go forward


# -- holiday names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "christmas", "labor_day", "good_friday"),
    [
        ("nl", "Kerstmis", "Dag van de Arbeid", "Goede vrijdag (bank holiday)"),
        ("fr", "Noël", "Fête du Travail", "Vendredi Saint (bank holiday)"),
        ("en", "Christmas Day", "Labor Day", "Good Friday (bank holiday)"),
    ],
)
def test_holiday_choices_store_english_and_show_the_active_language(
    language, christmas, labor_day, good_friday
):
    with translation.override(language):
        choices = dict(holiday_choices())
    assert choices["Christmas Day"] == christmas
    assert choices["Labor Day"] == labor_day
    assert choices["Good Friday"].startswith(good_friday.split(" (")[0])


def test_holiday_choices_come_in_calendar_order():
    names = [name for name, _label in holiday_choices()]
    assert names[0] == "New Year's Day"
    assert names.index("Easter Monday") < names.index("National Day") < names.index("Christmas Day")


# -- policies ------------------------------------------------------------------------


def test_the_policy_list_is_ordered_and_summarises_conditions(admin_client, teams):
    office = Calendar.objects.get(name="Kantooruren Brussel")
    premium = SlaPolicy.objects.create(
        name="Premium 24/7",
        position=10,
        calendar=office,
        service_levels=["premium", "no_contract"],
        priorities=["P1"],
        escalate_to=teams["second"],
    )
    response = admin_client.get(POLICIES)
    assert response.status_code == 200
    text = response.text
    assert text.index("Premium 24/7") < text.index("Standaard")
    assert "service level: Premium, No contract · priority: P1 – critical" in text
    assert "every ticket" in text
    assert "escalate to Werkplek 2de lijn" in text
    assert premium.pk


def test_the_policy_list_takes_few_queries(admin_client, categories, django_assert_max_num_queries):
    office = Calendar.objects.get(name="Kantooruren Brussel")
    for n in range(5):
        policy = SlaPolicy.objects.create(name=f"P{n}", position=n, calendar=office)
        policy.categories.set([categories["printing"]])
    with django_assert_max_num_queries(12):
        assert admin_client.get(POLICIES).status_code == 200


def test_the_add_page_shows_checkboxes(admin_client, categories):
    response = admin_client.get(POLICIES + "add/")
    assert response.status_code == 200
    assert 'type="checkbox" name="service_levels" value="no_contract"' in response.text
    assert 'type="checkbox" name="pause_statuses" value="waiting_third_party"' in response.text
    assert 'type="checkbox" name="categories"' in response.text
    assert "sla/target-hints.js" in response.text


def test_the_admin_adds_a_policy_with_targets(admin_client, teams, categories):
    calendar = Calendar.objects.get(name="24/7")
    data = policy_data(
        calendar,
        targets=[
            {"priority": "P1", "first_response_minutes": "15", "resolution_minutes": "120"},
            {"priority": "P2", "first_response_minutes": "30", "resolution_minutes": "270"},
        ],
        priorities=["P1", "P2"],
        types=["incident"],
        categories=[str(categories["hardware"].pk)],
        escalate_to=str(teams["second"].pk),
        raise_priority="on",
    )
    response = admin_client.post(POLICIES + "add/", data)
    assert response.status_code == 302, response.context["errors"]
    policy = SlaPolicy.objects.get(name="Premium")
    assert policy.service_levels == ["premium"]
    assert policy.priorities == ["P1", "P2"]
    assert policy.pause_statuses == ["waiting_customer"]
    assert policy.escalate_to == teams["second"]
    assert list(policy.categories.all()) == [categories["hardware"]]
    assert list(policy.targets.values_list("priority", "resolution_minutes")) == [
        ("P1", 120),
        ("P2", 270),
    ]


def test_targets_show_their_reading_in_hours(admin_client):
    policy = SlaPolicy.objects.get(name="Standaard")
    response = admin_client.get(f"{POLICIES}{policy.pk}/change/")
    assert response.status_code == 200
    assert "= 27 h business time" in response.text  # P3 resolution, 1620 minutes
    assert "= 30 min business time" in response.text


def test_a_target_row_needs_a_target(admin_client):
    calendar = Calendar.objects.get(name="24/7")
    data = policy_data(calendar, targets=[{"priority": "P1"}])
    response = admin_client.post(POLICIES + "add/", data)
    assert response.status_code == 200
    assert "Give at least one target for this priority." in response.text


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"priority": "P1", "first_response_minutes": "0"}, "at least 1"),
        ({"priority": "P1", "first_response_minutes": "-5"}, "at least 1"),
        ({"priority": "P1", "first_response_minutes": "4h"}, "Enter a whole number."),
        (
            {"priority": "P1", "first_response_minutes": "300", "resolution_minutes": "60"},
            "The first response cannot take longer than the resolution.",
        ),
        ({"priority": "P9", "first_response_minutes": "30"}, "Select a valid choice."),
    ],
)
def test_bad_targets_show_errors(admin_client, row, message):
    calendar = Calendar.objects.get(name="24/7")
    response = admin_client.post(POLICIES + "add/", policy_data(calendar, targets=[row]))
    assert response.status_code == 200
    assert message in response.text
    assert not SlaPolicy.objects.filter(name="Premium").exists()


def test_a_priority_twice_is_refused(admin_client):
    calendar = Calendar.objects.get(name="24/7")
    row = {"priority": "P1", "first_response_minutes": "30"}
    response = admin_client.post(POLICIES + "add/", policy_data(calendar, targets=[row, row]))
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("service_levels", ["gold"], "Select a valid choice."),
        ("priorities", ["P7"], "Select a valid choice."),
        ("pause_statuses", ["open"], "Select a valid choice."),
        ("warning_percent", "120", "Between 1 and 99 %."),
        ("warning_percent", "many", "Enter a whole number."),
        ("calendar", "999999", "Select a valid choice."),
        ("position", "-1", "greater than or equal to 0"),
        ("escalate_to", "abc", "Select a valid choice."),
        ("categories", ["abc"], "is not a valid value."),
    ],
)
def test_bad_policy_input_shows_errors(admin_client, field, value, message):
    calendar = Calendar.objects.get(name="24/7")
    response = admin_client.post(POLICIES + "add/", policy_data(calendar) | {field: value})
    assert response.status_code == 200
    assert message in response.text


def test_a_policy_behind_a_catch_all_is_refused(admin_client):
    calendar = Calendar.objects.get(name="24/7")
    response = admin_client.post(POLICIES + "add/", policy_data(calendar, position="200"))
    assert response.status_code == 200
    assert "“Standaard” (order 100) matches every ticket" in response.text
    # Inactive, it may wait there.
    data = policy_data(calendar, position="200") | {"is_active": ""}
    assert admin_client.post(POLICIES + "add/", data).status_code == 302


def test_a_catch_all_before_other_policies_is_refused(admin_client):
    calendar = Calendar.objects.get(name="24/7")
    SlaPolicy.objects.create(
        name="Premium", position=10, calendar=calendar, service_levels=["premium"]
    )
    standaard = SlaPolicy.objects.get(name="Standaard")
    data = policy_data(calendar, name="Standaard", position="5", service_levels=[])
    data |= inline(
        "targets",
        [
            {
                "id": str(t.pk),
                "policy": str(standaard.pk),
                "priority": t.priority,
                "first_response_minutes": str(t.first_response_minutes),
            }
            for t in standaard.targets.all()
        ],
        initial=4,
    )
    response = admin_client.post(f"{POLICIES}{standaard.pk}/change/", data)
    assert response.status_code == 200
    assert "“Premium” (order 10) after it would never apply" in response.text


def test_editing_the_standard_policy_keeps_its_targets(admin_client):
    standaard = SlaPolicy.objects.get(name="Standaard")
    calendar = standaard.calendar
    rows = [
        {
            "id": str(t.pk),
            "policy": str(standaard.pk),
            "priority": t.priority,
            "first_response_minutes": str(t.first_response_minutes),
            "next_response_minutes": str(t.next_response_minutes),
            "resolution_minutes": str(t.resolution_minutes + 60),
        }
        for t in standaard.targets.all()
    ]
    data = policy_data(calendar, name="Standaard", position="100", service_levels=[])
    data |= inline("targets", rows, initial=4)
    response = admin_client.post(f"{POLICIES}{standaard.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    assert SlaTarget.objects.get(policy=standaard, priority="P1").resolution_minutes == 300


# -- read-only lists ----------------------------------------------------------------------


def test_sla_actions_and_notifications_are_read_only(admin_client, make_ticket, anna):
    ticket = make_ticket(acting_user=anna, subject="Server down")
    action = SlaAction.objects.create(
        ticket=ticket,
        target="first_response",
        kind="breach",
        due_at=ticket.created_at,
        created_at=ticket.created_at,
    )
    notify([anna], kind="sla_breach", ticket=ticket, data={"target": "first_response"})
    response = admin_client.get("/admin/sla/slaaction/")
    assert response.status_code == 200
    assert ticket.number in response.text
    assert "First response" in response.text
    assert admin_client.get("/admin/sla/slaaction/add/").status_code == 403
    change = admin_client.get(f"/admin/sla/slaaction/{action.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.text
    assert admin_client.post(f"/admin/sla/slaaction/{action.pk}/delete/").status_code == 403
    listing = admin_client.get("/admin/notifications/notification/")
    assert listing.status_code == 200
    assert ticket.number in listing.text
    assert admin_client.get("/admin/notifications/notification/add/").status_code == 403
