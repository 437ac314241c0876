"""Demo teams, categories, staff, organisations, contracts and contacts."""

import random
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from loket.accounts.models import Team, User
from loket.accounts.services import add_to_team, create_user
from loket.core.demo.people import (
    FIRST_NAMES,
    JOB_TITLES,
    LAST_NAMES,
    ORGANISATIONS,
    STAFF,
    TEAMS,
)
from loket.core.demo.scenarios import CATEGORIES
from loket.core.phones import to_e164
from loket.directory.models import Contact, Contract, Organisation
from loket.directory.services import create_contact, create_organisation
from loket.tickets.models import Category

POSTCODES = {
    "Zonnebeke": "8980",
    "Lier": "2500",
    "Leuven": "3000",
    "Namur": "5000",
    "Liège": "4000",
    "Gent": "9000",
    "Kortrijk": "8500",
    "Wavre": "1300",
    "Antwerpen": "2000",
    "Charleroi": "6000",
    "Hasselt": "3500",
    "Mons": "7000",
    "Brugge": "8000",
    "Brussel": "1000",
    "Mechelen": "2800",
}
STREETS = [
    "Kerkstraat",
    "Stationsstraat",
    "Rue de la Gare",
    "Rue Haute",
    "Nieuwstraat",
    "Grote Markt",
    "Avenue Louise",
    "Molenstraat",
    "Rue du Moulin",
    "Dorpsstraat",
]
FRENCH_SPEAKING = {"Namur", "Liège", "Wavre", "Charleroi", "Mons"}
# Language mix of an organisation's contacts by region: nl, fr, en weights.
LANGUAGE_MIX = {"flanders": (85, 8, 7), "wallonia": (5, 88, 7), "brussels": (35, 45, 20)}
PROFILE_WEIGHTS = {"novice": 35, "experienced": 40, "it_professional": 15, "sysadmin": 10}
SKILLS = {  # team key -> category keys its members are skilled in
    "first_line": [key for key, parent, *_ in CATEGORIES if parent is None],
    "second_line": ["hardware", "software", "printing", "email"],
    "network": ["network"],
    "applications": ["software.business"],
    "security": ["security", "account"],
}


def build_teams() -> dict[str, Team]:
    teams = {}
    for key, name, kind in TEAMS:
        teams[key], _ = Team.objects.get_or_create(name=name, defaults={"kind": kind})
    return teams


def build_categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for position, (key, parent, nl, fr, en) in enumerate(CATEGORIES):
        categories[key], _ = Category.objects.get_or_create(
            name_en=en,
            parent=categories[parent] if parent else None,
            defaults={"name_nl": nl, "name_fr": fr, "position": position},
        )
    return categories


def demo_password_hashes(usernames: list[str]) -> dict[str, str]:
    """Hash "password = user name" for each demo user, two at a time: Argon2 takes a good
    part of a second per hash and releases the GIL."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(usernames, pool.map(make_password, usernames), strict=True))


def build_staff(teams: dict[str, Team], categories: dict[str, Category]) -> dict[str, User]:
    """The demo staff; the password of each is the username."""
    staff = {}
    hashes = demo_password_hashes([row[0] for row in STAFF])
    for username, first, last, role, language, spoken, team_keys, leads in STAFF:
        user = User.objects.filter(username=username).first() or create_user(
            username=username,
            role=role,
            email=f"{username}@loket.example",
            first_name=first,
            last_name=last,
            language=language,
        )
        user.spoken_languages = spoken
        user.password = hashes[username]
        user.save(update_fields=["spoken_languages", "password"])
        for key in team_keys:
            add_to_team(user, teams[key], is_lead=key in leads)
        skills = {c for key in team_keys for c in SKILLS[key]}
        user.skills.set([categories[c] for c in sorted(skills)])
        staff[username] = user
    return staff


def _region(city: str) -> str:
    if city == "Brussel":
        return "brussels"
    return "wallonia" if city in FRENCH_SPEAKING else "flanders"


def _landline(rng: random.Random, area: str) -> str:
    """A national landline number in the organisation's zone, e.g. ``09 223 45 67``."""
    digits = 8 - len(area)
    while True:
        subscriber = rng.choice("2345") + "".join(rng.choices("0123456789", k=digits - 1))
        number = f"0{area} {subscriber}"
        if to_e164(number, "BE"):
            return number


def _mobile(rng: random.Random) -> str:
    """A Belgian mobile number (047x, 048x, 049x) in one of the notations people type."""
    prefix = rng.choice(["47", "48", "49"]) + rng.choice("0123456789")
    rest = "".join(rng.choices("0123456789", k=6))
    if rng.random() < 0.5:
        return f"0{prefix} {rest[:2]} {rest[2:4]} {rest[4:]}"
    return f"+32 {prefix} {rest[:2]} {rest[2:4]} {rest[4:]}"


def build_organisations(rng: random.Random, today: date) -> list[tuple[Organisation, str, str]]:
    """Organisations with an address, a main number and contracts (one may have expired)."""
    result = []
    for name, domain, city, area, level in ORGANISATIONS:
        organisation = create_organisation(
            name=name,
            email_domain=domain,
            phone=_landline(rng, area),
            address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}, {POSTCODES[city]} {city}",
        )
        start = date(today.year - 1, rng.choice([1, 4, 7]), 1)
        if rng.random() < 0.4:  # an earlier contract at another level, expired
            Contract.objects.create(
                organisation=organisation,
                name=f"{name} – {start.year - 2}",
                service_level=rng.choice([lvl for lvl in ("basic", "standard") if lvl != level]),
                valid_from=date(start.year - 2, start.month, 1),
                valid_until=start - timedelta(days=1),
            )
        Contract.objects.create(
            organisation=organisation,
            name=f"{name} – {level}",
            service_level=level,
            valid_from=start,
            valid_until=None if rng.random() < 0.5 else date(today.year + 1, 12, 31),
        )
        result.append((organisation, city, area))
    return result


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def build_contacts(
    rng: random.Random, organisations: list[tuple[Organisation, str, str]], count: int
) -> list[Contact]:
    """``count`` contacts spread over the organisations, speaking their region's languages."""
    contacts, used_emails, used_phones = [], set(), set()
    for i in range(count):
        organisation, city, area = organisations[i % len(organisations)]
        mix = LANGUAGE_MIX[_region(city)]
        language = rng.choices(["nl", "fr", "en"], weights=mix)[0]
        first, last = rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES[language])
        local = f"{_ascii(first)}.{_ascii(last)}"
        email, n = f"{local}@{organisation.email_domain}", 2
        while email in used_emails:
            email, n = f"{local}{n}@{organisation.email_domain}", n + 1
        used_emails.add(email)
        phones = []
        if i < len(organisations) or rng.random() < 0.65:
            phones.append(_mobile(rng))
        if not phones or rng.random() < 0.6:
            phones.append(_landline(rng, area))
        phones = [p for p in phones if to_e164(p, "BE") not in used_phones]
        used_phones.update(to_e164(p, "BE") for p in phones)
        contacts.append(
            create_contact(
                first_name=first,
                last_name=last,
                organisation=organisation,
                emails=[email],
                phones=phones,
                language=language,
                profile=rng.choices(list(PROFILE_WEIGHTS), weights=PROFILE_WEIGHTS.values())[0],
                job_title=rng.choice(JOB_TITLES[language]),
            )
        )
    return contacts


def build_customers(contacts: list[Contact]) -> dict[str, User]:
    """``customer``: a Dutch-speaking contact of one organisation; ``customer2``: a
    French-speaking contact of another organisation, and its organisation admin (the
    portal shows them all of their organisation's tickets)."""
    first = next(c for c in contacts if c.language == "nl")
    second = next(
        (c for c in contacts if c.language == "fr" and c.organisation_id != first.organisation_id),
        next(c for c in contacts if c.organisation_id != first.organisation_id),
    )
    customers = {}
    hashes = demo_password_hashes(["customer", "customer2"])
    for username, contact in (("customer", first), ("customer2", second)):
        customers[username] = User.objects.filter(username=username).first() or create_user(
            username=username,
            role="customer",
            email=contact.emails.first().address,
            first_name=contact.first_name,
            last_name=contact.last_name,
            language=contact.language,
            contact=contact,
        )
        customers[username].password = hashes[username]
        customers[username].organisation_admin = username == "customer2"
        customers[username].save(update_fields=["password", "organisation_admin"])
    return customers
