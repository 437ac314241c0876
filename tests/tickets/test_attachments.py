"""Attachments: a size limit, the type read from the content, file names made safe."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from loket.core.errors import InvalidInput
from loket.tickets.attachments import detect_content_type, safe_filename
from loket.tickets.models import Attachment, EventKind
from loket.tickets.services import add_note, add_reply

# The smallest valid PNG: 1×1 pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
RANDOM = bytes(range(128, 256)) * 4


@pytest.fixture
def ticket(make_ticket, anna):
    return make_ticket(anna)


def attach(ticket, user, *uploads):
    return add_note(ticket, body="see attached", acting_user=user, attachments=uploads)


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- size limit ------------------------------------------------------------------


def test_file_over_the_limit_is_refused_and_nothing_is_saved(ticket, anna, settings):
    settings.ATTACHMENT_MAX_BYTES = 10

    with pytest.raises(InvalidInput) as excinfo:
        attach(ticket, anna, SimpleUploadedFile("big.txt", b"x" * 11))

    assert excinfo.value.code == "attachment_too_large"
    assert not Attachment.objects.exists()
    assert not ticket.events.filter(kind=EventKind.NOTE).exists()
    assert stored_files(settings) == []


def test_file_of_exactly_the_limit_is_accepted(ticket, anna, settings):
    settings.ATTACHMENT_MAX_BYTES = 10

    event = attach(ticket, anna, SimpleUploadedFile("ok.txt", b"x" * 10))

    assert event.attachments.get().size == 10


def test_file_that_understates_its_size_is_still_refused(ticket, anna, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    upload = SimpleUploadedFile("sneaky.bin", b"x" * 5000)
    upload.size = 3

    with pytest.raises(InvalidInput) as excinfo:
        attach(ticket, anna, upload)

    assert excinfo.value.code == "attachment_too_large"
    assert not Attachment.objects.exists()


def test_one_oversized_file_refuses_the_whole_message(ticket, anna, settings):
    settings.ATTACHMENT_MAX_BYTES = 10

    with pytest.raises(InvalidInput):
        add_reply(
            ticket,
            body="two files",
            acting_user=anna,
            attachments=[SimpleUploadedFile("a.txt", b"small"), SimpleUploadedFile("b", b"x" * 99)],
        )

    assert not Attachment.objects.exists()
    assert not ticket.events.filter(kind=EventKind.REPLY).exists()


# --- storage -----------------------------------------------------------------------


def test_stored_file_keeps_content_size_and_digest(ticket, anna):
    event = attach(ticket, anna, SimpleUploadedFile("shot.png", PNG, content_type="text/html"))

    attachment = event.attachments.get()
    digest = hashlib.sha256(PNG).hexdigest()
    assert attachment.sha256 == digest
    assert attachment.size == len(PNG)
    assert attachment.file.name == f"attachments/{digest[:2]}/{digest}"
    with attachment.file.open("rb") as stored:
        assert stored.read() == PNG


# --- content type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("invoice.pdf", PNG, "image/png"),
        ("photo.png", PDF, "application/pdf"),
        ("notes.exe", b"Hello, the printer is on fire.\n", "text/plain"),
        ("report.pdf", RANDOM, "application/octet-stream"),
        ("readme.txt", b"\x00\x01\x02\x03 binary with nul bytes", "application/octet-stream"),
    ],
    ids=["png named pdf", "pdf named png", "text named exe", "random bytes", "nul bytes"],
)
def test_type_comes_from_the_content_not_the_name(ticket, anna, name, content, expected):
    upload = SimpleUploadedFile(name, content, content_type="application/x-claimed")

    attachment = attach(ticket, anna, upload).attachments.get()

    assert attachment.content_type == expected
    assert attachment.filename == name


def test_long_accented_text_is_text_even_when_cut_mid_character():
    # Only the first 4096 bytes are inspected; "é" is two bytes, so byte 4096 splits one.
    head = ("a" + "é" * 3000).encode()[:4096]

    assert detect_content_type(head) == "text/plain"


def test_long_accented_text_file_is_stored_as_text(ticket, anna):
    content = ("Caf" + "é" * 3000).encode()

    attachment = attach(ticket, anna, SimpleUploadedFile("notes", content)).attachments.get()

    assert attachment.content_type == "text/plain"


# --- file names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/var/log/syslog", "syslog"),
        ("report\x00\x07\x1b.pdf", "report.pdf"),
        ("line\nbreak.txt", "linebreak.txt"),
        ("my report.pdf", "my_report.pdf"),
        ("été.txt", "été.txt"),
        ("", "file"),
        (None, "file"),
        ("...", "file"),
        ("../", "file"),
        ("###", "file"),
        ("«»", "file"),
    ],
)
def test_file_names_are_made_safe(raw, safe):
    assert safe_filename(raw) == safe


def test_long_names_keep_their_extension():
    name = safe_filename("x" * 300 + ".pdf")

    assert len(name) == 150
    assert name.endswith(".pdf")


def test_stored_attachment_gets_the_safe_name(ticket, anna):
    upload = SimpleUploadedFile("../../etc/passwd", b"root:x:0:0\n")

    attachment = attach(ticket, anna, upload).attachments.get()

    assert attachment.filename == "passwd"


@given(st.text(max_size=300))
def test_any_name_becomes_a_harmless_file_name(raw):
    name = safe_filename(raw)

    assert 0 < len(name) <= 150
    assert "/" not in name
    assert "\\" not in name
    assert name not in {".", ".."}
    assert all(ch.isprintable() for ch in name)
