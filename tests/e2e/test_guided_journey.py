"""The browser journey of issue 5 (guided first-line work).

1. Anna takes a call from Chris (Dutch, novice): the new-call workspace suggests the
   printer scenario while she types, she starts it, clicks through its steps on the
   ticket page (mostly with the number keys) reading the Dutch texts to the caller, and the
   scenario resolves the ticket at first contact. The timeline has one scenario block.
2. On another call, from Camille (French), Anna needs to take over the computer: no
   session can start before consent, the consent text is shown in French, she records the
   verbal consent, logs a Quick Assist session and ends it (on a phone-sized screen). Then
   she asks consent for AnyDesk by e-mail link; Camille agrees on her phone and Anna's panel
   notices by itself.

Screenshots of the runner and the remote panel (phone 390x844, desktop 1280x900) are saved
as /tmp/journey-guided-*.png.
"""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from playwright.sync_api import expect

from loket.remote.models import Consent, RemoteSession, RemoteTool
from loket.remote.wording import render_consent_text
from loket.scenarios import authoring, demo, demo_trees
from loket.scenarios.models import RunOutcome, RunStatus, ScenarioRun
from loket.tickets.models import ResolutionCode, Status, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name, *, element=None):
    """A full-page screenshot, and one of ``element`` alone when given."""
    page.screenshot(path=f"/tmp/journey-guided-{name}.png", full_page=True)
    if element is not None:
        element.screenshot(path=f"/tmp/journey-guided-{name}-panel.png")


def shots_at_both_sizes(page, name, element_selector):
    """Screenshots at the desktop and the phone size, back to the size the page had."""
    size = page.viewport_size
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        element = page.locator(element_selector)
        expect(element).to_be_visible()
        shot(page, f"{name}-{label}", element=element)
    page.set_viewport_size(size)


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.press("#id_password", "Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_attached()


def focus_is_free(page):
    """True when the focus is not in a field: the runner's number keys then answer."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return !el || !["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
        }"""
    )


@pytest.fixture
def staff_in_english(anna, sofie):
    for user in (anna, sofie):  # a stable interface language for the assertions
        user.language = "en"
        user.save(update_fields=["language"])
    return anna


@pytest.fixture
def first_contact_code(transactional_db):
    """The "first-contact" resolution code the printer scenario resolves with (from a
    migration; transactional tests cannot take migration data for granted)."""
    code, _ = ResolutionCode.objects.get_or_create(
        code="first-contact",
        defaults={
            "name_nl": "Opgelost bij eerste contact",
            "name_fr": "Résolu au premier contact",
            "name_en": "Solved at first contact",
        },
    )
    return code


@pytest.fixture
def printer_scenario(sofie, teams, categories):
    """The demo's "printer does not print" scenario, written and published by Sofie (the
    supervisor) through the authoring services, attached to the Printing category."""
    # The resolution codes come from a data migration, which a transactional test's flush
    # removes (the resolve step names the code "first-contact").
    importlib.import_module(
        "loket.tickets.migrations.0002_default_priority_matrix_and_resolution_codes"
    ).forwards(django_apps, None)
    row = demo.SCENARIOS[0]
    assert row["category"] == "printing"
    scenario = authoring.create_scenario(
        titles=row["titles"],
        owner=sofie,
        categories=[categories["printing"]],
        keywords=row["keywords"],
        acting_user=sofie,
    )
    draft = authoring.draft_for(scenario, acting_user=sofie)
    tree = demo_trees.printer({"second_line": teams["second"].pk})
    authoring.save_draft(draft, tree=tree, acting_user=sofie)
    authoring.publish(draft, note="Eerste versie", acting_user=sofie)
    return scenario


def test_printer_scenario_from_a_call_to_a_resolution_at_first_contact(
    live_server,
    new_page,
    staff_in_english,
    contact_a,
    categories,
    printer_scenario,
    first_contact_code,
    default_policy,
):
    base = live_server.url
    page = new_page(DESKTOP["width"], DESKTOP["height"])
    log_in(page, base, "anna")

    # New call, the keyboard way: focus the nav link (accesskey N) and press Enter.
    page.locator("nav.nav a[accesskey=n]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/tickets/new-call/"))
    search = page.locator("#caller-search")
    expect(search).to_be_focused()
    search.press_sequentially("0470 12 34 56", delay=20)
    expect(page.locator("#lookup [role=option]")).to_have_count(1)
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.locator("#caller")).to_contain_text("Chris Claes")
    expect(page.locator("#caller")).to_contain_text("NL")
    expect(page.locator("#id_subject")).to_be_focused()

    # While she types, the workspace suggests the printer scenario.
    scenarios_box = page.locator("#call-scenarios")
    expect(scenarios_box).not_to_contain_text("Printer does not print")
    page.keyboard.type("Printer drukt niet af")
    page.keyboard.press("Tab")
    expect(page.locator("#id_description")).to_be_focused()
    page.keyboard.type("Documenten blijven hangen, er komt niets uit de printer.")
    page.select_option("#id_category", str(categories["printing"].pk))
    expect(scenarios_box).to_contain_text("Printer does not print")
    start = scenarios_box.get_by_role("button", name="Start scenario")
    expect(start).to_have_count(1)
    # A click, not focus + Enter: the box may still be redrawn for the last keystrokes, and
    # a click lands on the redrawn button as well.
    start.click()

    # The ticket opens with the scenario running at its first step.
    expect(page).to_have_url(re.compile(r"/tickets/\d{4}-\d+/"))
    page.wait_for_load_state()  # the runner's number keys need its (deferred) script
    number = page.locator("#ticket-header .number").inner_text().strip()
    ticket = Ticket.objects.get(number=number)
    assert ticket.contact_id == contact_a.pk
    runner = page.locator("#scenario-runner")
    title = runner.locator("#runner-step-title")
    say = runner.locator(".say-box")
    expect(runner).to_contain_text("Printer does not print")
    expect(title).to_have_text("Is the printer on, without an error message?")
    # What to read aloud is in the caller's language, in the simpler (novice) wording.
    expect(say).to_have_attribute("lang", "nl")
    expect(say).to_contain_text("Say to the customer")
    expect(say.locator("blockquote")).to_contain_text("Kijkt u even naar de printer zelf.")
    expect(say.locator(".badge.lang")).to_have_text("NL")
    expect(runner.get_by_role("button", name=re.compile("On, no message"))).to_be_visible()

    # 1 = "On, no message" (a question): number keys answer while no field has the focus.
    assert focus_is_free(page)
    page.keyboard.press("1")
    expect(title).to_have_text("Check the print queue")
    expect(runner).to_contain_text("1 step taken")
    expect(say.locator("blockquote")).to_contain_text("Klikt u linksonder op het Windows-logo")
    expect(runner.locator(".guidance")).to_contain_text("Have the queue opened")
    shots_at_both_sizes(page, "runner", "#scenario-runner")

    # 2 = "Failed" (a routine test): the queue stays stuck, so restart the spooler.
    assert focus_is_free(page)
    page.keyboard.press("2")
    expect(title).to_have_text("Restart the print spooler")
    expect(say).to_have_attribute("lang", "nl")
    expect(say.locator("blockquote")).to_contain_text(
        "Wilt u uw werk bewaren en de computer herstarten?"
    )

    # An instruction, with a note for the record; typing in the note does not answer.
    runner.locator("summary", has_text="Add a note to this step").click()
    note = runner.locator("#runner-note")
    note.focus()
    note.press_sequentially("Klant herstartte de pc 3x", delay=5)
    expect(title).to_have_text("Restart the print spooler")
    runner.get_by_role("button", name="Done, next step").click()
    expect(title).to_have_text("Link the print queue article")  # no article: an instruction
    assert focus_is_free(page)
    page.keyboard.press("1")
    expect(title).to_have_text("Test page after the restart")
    runner.locator("summary", has_text="Path so far").click()
    path = runner.locator(".runner-path li")
    expect(path).to_have_count(4)
    expect(path.nth(2)).to_contain_text("Klant herstartte de pc 3x")

    # 1 = "Passed": the test page comes out; the scenario offers to resolve.
    assert focus_is_free(page)
    page.keyboard.press("1")
    expect(title).to_have_text("Resolve at first contact")
    expect(say.locator("blockquote")).to_contain_text("Fijn dat het weer werkt!")
    resolve = runner.get_by_role("button", name="Resolve the ticket")
    expect(resolve).to_be_visible()
    assert focus_is_free(page)
    page.keyboard.press("1")

    # Resolved at first contact; the runner is gone; one block on the timeline.
    expect(page.locator("#ticket-header .badges")).to_contain_text("Resolved")
    expect(page.locator("#scenario-runner")).to_have_count(0)
    timeline = page.locator("#timeline")
    block = timeline.locator(".event-scenario")
    expect(block).to_have_count(1)
    expect(block).to_contain_text("Ran the scenario Printer does not print (version 1)")
    expect(block.locator(".scenario-outcome")).to_have_text("resolved at first contact")
    steps = block.locator(".scenario-path > li")
    expect(steps).to_have_count(6)
    expect(steps.nth(0)).to_contain_text("Is the printer on, without an error message?")
    expect(steps.nth(0)).to_contain_text("→ On, no message")
    expect(steps.nth(1)).to_contain_text("Check the print queue")
    expect(steps.nth(1)).to_contain_text("✗ fail")
    expect(steps.nth(2)).to_contain_text("Restart the print spooler")
    expect(steps.nth(2)).to_contain_text("✓ done")
    expect(steps.nth(2)).to_contain_text("Klant herstartte de pc 3x")
    expect(steps.nth(4)).to_contain_text("✓ pass")
    expect(steps.nth(5)).to_contain_text("Resolve at first contact")
    # The resolution, in the caller's language, is on the timeline as well.
    expect(timeline).to_contain_text("De printer drukt weer af; opgelost tijdens het gesprek.")
    shot(page, "resolved-desktop")

    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.resolution_code == first_contact_code
    run = ScenarioRun.objects.get(ticket=ticket)
    assert (run.status, run.outcome, run.language) == (
        RunStatus.COMPLETED,
        RunOutcome.RESOLVED,
        "nl",
    )
    assert ticket.events.filter(kind="scenario").count() == 1


def test_remote_session_only_after_consent_in_the_callers_language(
    live_server, new_page, settings, staff_in_english, contact_b, default_policy
):
    # The tools come from a data migration, which a transactional test's flush removes.
    importlib.import_module("loket.remote.migrations.0002_default_tools").create(django_apps, None)
    base = live_server.url
    settings.SITE_URL = base  # the consent link in the e-mail leads to this server
    page = new_page(PHONE["width"], PHONE["height"])  # Anna on a phone-sized screen
    log_in(page, base, "anna")

    page.goto(f"{base}/tickets/new-call/")
    search = page.locator("#caller-search")
    expect(search).to_be_focused()
    search.press_sequentially("Camille", delay=20)
    expect(page.locator("#lookup [role=option]")).to_have_count(1)
    search.press("ArrowDown")
    expect(page.locator("#lookup [role=option][aria-selected=true]")).to_have_count(1)
    search.press("Enter")
    expect(page.locator("#caller")).to_contain_text("Camille Dubois", timeout=10_000)
    expect(page.locator("#id_subject")).to_be_focused()
    page.keyboard.type("Outlook se ferme dès l'ouverture")
    page.keyboard.press("Enter")  # Enter creates
    expect(page.locator("#ticket-header h1")).to_have_text("Outlook se ferme dès l'ouverture")
    number = page.locator("#ticket-header .number").inner_text().strip()
    ticket = Ticket.objects.get(number=number)
    quick_assist = RemoteTool.objects.get(name="Quick Assist")

    # No consent yet: there is no way to start a session.
    panel = page.locator("#remote-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("button", name="Start remote session")).to_have_count(0)
    expect(panel.get_by_label("Session reference")).to_have_count(0)

    # A stale or forged form is refused too, with a clear message.
    token = panel.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    refused = page.request.post(
        f"{base}/remote/ticket/{number}/start/",
        form={"csrfmiddlewaretoken": token, "consent": "999999", "reference": "123 456"},
    )
    assert refused.ok  # redirected back to the ticket page, which says why
    assert "Ask the contact&#x27;s consent before starting a remote session." in refused.text()
    assert not RemoteSession.objects.exists()

    # She opens the consent part and chooses Quick Assist: the text to read aloud is the
    # French one, naming the ticket and the tool.
    consent_text = panel.locator(".remote-text")
    # The consent part is folded on a ticket until the agent opens it.
    expect(panel.locator("details.remote-ask")).not_to_have_attribute("open", "")
    panel.locator("summary", has_text="Ask consent").click()
    panel.get_by_label("Tool").select_option(label="Quick Assist")
    expect(consent_text).to_contain_text("Quick Assist")
    expect(consent_text).to_have_attribute("lang", "fr")
    expect(panel.locator(".remote-step .badge.lang")).to_have_text("FR")
    french = render_consent_text(ticket, quick_assist, agent=staff_in_english, language="fr")
    for paragraph in french.split("\n\n"):
        expect(consent_text).to_contain_text(paragraph.replace("\n", " "))
    expect(consent_text).to_contain_text(number)
    expect(consent_text).to_contain_text("Quick Assist")

    # Not ticked: the browser does not even send "Record consent".
    tick = panel.get_by_label("I read this text to the caller and they agreed")
    expect(tick).not_to_be_checked()
    panel.get_by_role("button", name="Record consent").click()
    assert tick.evaluate("el => el.validity.valueMissing")
    expect(panel.get_by_role("button", name="Start remote session")).to_have_count(0)
    shots_at_both_sizes(page, "remote-consent-text", "#remote-panel")

    # Read aloud, ticked (Space), recorded.
    tick.focus()
    page.keyboard.press("Space")
    expect(tick).to_be_checked()
    page.locator("#remote-panel").get_by_role("button", name="Record consent").click()
    expect(page.locator("#ticket .flash")).to_have_text("The consent was recorded.")
    panel = page.locator("#remote-panel")
    expect(panel.locator(".remote-ready")).to_contain_text("Consent given")
    expect(panel.locator(".remote-ready")).to_contain_text("Quick Assist")

    # The session, with the code Quick Assist shows the helper.
    reference = panel.get_by_label("Session reference")
    reference.focus()
    page.keyboard.type("482 913")
    page.keyboard.press("Enter")
    expect(page.locator("#ticket .flash")).to_have_text("The remote session was started.")
    running = page.locator("#remote-panel .remote-running")
    expect(running).to_contain_text("Running")
    expect(running).to_contain_text("482 913")
    shots_at_both_sizes(page, "remote-running", "#remote-panel")
    running.get_by_role("button", name="End session").click()
    expect(page.locator("#ticket .flash")).to_have_text("The remote session was ended.")
    expect(page.locator("#remote-panel .remote-running")).to_have_count(0)

    # The timeline: consent given, session started, session ended.
    remote_events = page.locator("#timeline .event-remote")
    expect(remote_events).to_have_count(3)
    expect(remote_events.nth(2)).to_contain_text("Quick Assist given verbally")
    expect(remote_events.nth(2)).to_contain_text("(FR)")
    expect(remote_events.nth(1)).to_contain_text(
        "Remote session started with Quick Assist (reference 482 913)"
    )
    expect(remote_events.nth(0)).to_contain_text("(482 913) ended after")

    consent = Consent.objects.get(ticket=ticket)
    assert (consent.method, consent.language, consent.text) == ("verbal", "fr", french)
    session = RemoteSession.objects.get(ticket=ticket)
    assert (session.consent, session.reference) == (consent, "482 913")
    assert session.ended_at is not None

    # Quick Assist does not work on her PC: AnyDesk, asked by e-mail this time.
    panel = page.locator("#remote-panel")
    panel.locator("summary", has_text="Ask consent for another tool").click()
    panel.get_by_label("Tool").select_option(label="AnyDesk")
    expect(page.locator("#remote-panel .remote-text")).to_contain_text("AnyDesk")
    # The redrawn panel keeps the part open once a tool was picked.
    expect(page.locator("#remote-panel details.remote-ask")).to_have_attribute("open", "")
    expect(page.locator("#remote-panel .remote-text")).to_be_visible()
    page.locator("#remote-panel").get_by_role("button", name="Send consent link by e-mail").click()
    expect(page.locator("#remote-panel")).to_contain_text("Waiting for the contact…")
    message = mail.outbox[-1]
    assert message.to == ["camille@brouwerij.example"]
    link = re.search(r"http://\S+/remote/consent/\S+/", message.body)[0]

    camille = new_page(PHONE["width"], PHONE["height"])
    camille.goto(link)
    expect(camille.locator("html")).to_have_attribute("lang", "fr")
    expect(camille.locator(".remote-text")).to_contain_text("AnyDesk")
    expect(camille.locator(".remote-text")).to_contain_text(number)
    shot(camille, "remote-contact-phone")
    camille.locator("button[name=answer][value=agree]").click()
    expect(camille.locator(".flash.msg-success")).to_be_visible()

    # Anna's panel checks every 5 seconds and redraws the ticket by itself.
    expect(page.locator("#ticket .flash")).to_have_text("The contact gave consent.", timeout=15_000)
    ready = page.locator("#remote-panel .remote-ready").filter(has_text="AnyDesk")
    expect(ready).to_contain_text("Consent given")
    expect(ready).to_contain_text("via the link")
    expect(page.locator("#timeline")).to_contain_text(
        "The contact gave consent for a remote session with AnyDesk via the link."
    )
    by_link = Consent.objects.get(ticket=ticket, method="link")
    assert by_link.language == "fr" and by_link.given_at is not None
