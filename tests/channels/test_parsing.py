"""Reading raw mail: headers, bodies, quoted history, HTML safety, kinds; never raising."""

import random

import pytest

from loket.channels.models import MessageKind
from loket.channels.parsing import html_to_text, parse, sanitise_html, split_quoted


def raw(headers: str, body: str = "Hello", *, extra: bytes = b"") -> bytes:
    head = headers.strip().replace("\n", "\r\n")
    return head.encode("utf-8") + b"\r\n\r\n" + body.encode("utf-8") + extra


def test_it_reads_the_envelope_of_a_plain_mail():
    parsed = parse(
        raw(
            """
From: "Claes, Chris" <Chris@Acme.Example>
To: support@desk.example, Other <other@desk.example>
Cc: boss@acme.example
Delivered-To: support+2026-000001.abcdefghij@desk.example
Subject:   Printer   broken
Message-ID: <abc@acme.example>
In-Reply-To: <prev@desk.example>
References: <one@desk.example>
 <prev@desk.example>
Date: Mon, 2 Nov 2026 10:00:00 +0100
"""
        )
    )
    assert parsed.sender == "chris@acme.example"
    assert parsed.sender_name == "Claes, Chris"
    assert parsed.recipients == [
        "support@desk.example",
        "other@desk.example",
        "boss@acme.example",
        "support+2026-000001.abcdefghij@desk.example",
    ]
    assert parsed.subject == "Printer broken"
    assert parsed.message_id == "<abc@acme.example>"
    assert parsed.in_reply_to == "<prev@desk.example>"
    assert parsed.references == ["<one@desk.example>", "<prev@desk.example>"]
    assert parsed.date.isoformat() == "2026-11-02T10:00:00+01:00"
    assert parsed.text == "Hello"
    assert parsed.kind == MessageKind.NORMAL
    assert not parsed.suppress_auto_reply
    assert parsed.problems == []


def test_it_decodes_encoded_words_and_8bit_headers():
    message = (
        b"From: =?utf-8?q?J=C3=A9r=C3=B4me?= <j@x.example>\r\n"
        b"Subject: caf\xe9 =?iso-8859-1?q?cr=E8me?= \xc3\xa9t\xc3\xa9\r\n\r\nhi"
    )
    parsed = parse(message)
    assert parsed.sender_name == "Jérôme"
    assert "crème" in parsed.subject
    assert parsed.subject.startswith("caf")


def test_an_unknown_charset_falls_back_and_says_so():
    parsed = parse(
        b"From: a@b.example\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nd\xc3\xa9j\xc3\xa0"
    )
    assert parsed.text == "déjà"
    assert any("x-klingon" in p for p in parsed.problems)


def test_bytes_that_are_not_utf8_are_read_as_latin1():
    parsed = parse(b"From: a@b.example\r\nContent-Type: text/plain\r\n\r\ncaf\xe9")
    assert parsed.text == "café"


def test_a_long_subject_is_cut():
    assert len(parse(raw("From: a@b.example\nSubject: " + "x" * 2000)).subject) == 500


def test_no_from_is_a_problem_not_an_error():
    parsed = parse(raw("Subject: who am I"))
    assert parsed.sender == ""
    assert parsed.problems


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, 2 Nov 2026 at 10:00, Loket <support@desk.example> wrote:",
        "Op ma 2 nov. 2026 om 10:00 schreef Loket <support@desk.example>:",
        "Le lun. 2 nov. 2026 à 10:00, Loket <support@desk.example> a écrit :",
        "-----Original Message-----",
    ],
)
def test_the_quoted_history_is_split_off(attribution):
    text, quoted = split_quoted(f"Thanks, it works.\n\n{attribution}\n> Try again.\n")
    assert text == "Thanks, it works."
    assert quoted.startswith(attribution[:10])
    assert "Try again." in quoted


def test_an_attribution_wrapped_over_two_lines_is_found():
    text, quoted = split_quoted(
        "Yes.\n\nOn Mon, 2 Nov 2026 at 10:00, Loket Support\n<support@desk.example> wrote:\n> x"
    )
    assert text == "Yes."
    assert quoted.startswith("On Mon")


@pytest.mark.parametrize(
    "block",
    [
        "From: Loket\nSent: Monday\nTo: Chris\nSubject: x",
        "Van: Loket\nVerzonden: maandag\nAan: Chris",
        "De : Loket\nEnvoyé : lundi\nÀ : Chris",
        "________________________________\nFrom: Loket\nSent: Monday",
    ],
)
def test_an_outlook_header_block_starts_the_history(block):
    text, quoted = split_quoted(f"New text\n\n{block}\n\nold text")
    assert text == "New text"
    assert "old text" in quoted


def test_interleaved_quotes_stay_in_the_text():
    text, quoted = split_quoted("> is it on?\nYes it is.\n> and now?\nNow too.")
    assert "Yes it is." in text and "Now too." in text
    assert quoted == ""


def test_a_trailing_quote_block_is_history():
    text, quoted = split_quoted("Fixed, thanks.\n\n> old\n>\n> older")
    assert (text, quoted) == ("Fixed, thanks.", "> old\n>\n> older")


def test_html_is_sanitised():
    html = sanitise_html(
        '<div onload="x()"><script>alert(1)</script><style>p{}</style>'
        '<a href="javascript:alert(1)">bad</a><a href="/admin/">relative</a>'
        '<a href="https://ok.example">ok</a><form action="x"><input name="q"></form>'
        '<iframe src="https://x.example"></iframe><img src="https://track.example/p.gif">'
        '<img src="cid:logo@x" alt="logo"><p style="color:red">text</p></div>'
    )
    for bad in (
        "<script",
        "alert",
        "onload",
        "<style",
        "javascript:",
        "<form",
        "<input",
        "<iframe",
        "track.example",
        "/admin/",
        "style=",
    ):
        assert bad not in html
    assert '<a href="https://ok.example" target="_blank" rel="noopener noreferrer">ok</a>' in html
    assert 'src="cid:logo@x"' in html


def test_html_only_mail_gets_its_text_from_the_html():
    parsed = parse(
        raw(
            "From: a@b.example\nContent-Type: text/html; charset=utf-8",
            "<p>Line one</p><p>Line &amp; two<br>three</p><script>evil()</script>",
        )
    )
    assert parsed.text == "Line one\nLine & two\nthree"
    assert "<script" not in parsed.html


def test_html_to_text_of_nothing_is_empty():
    assert html_to_text("") == ""


def test_multipart_alternative_gives_text_and_html_and_attachments():
    parsed = parse(
        raw(
            'From: a@b.example\nContent-Type: multipart/mixed; boundary="b1"',
            '--b1\r\nContent-Type: multipart/alternative; boundary="b2"\r\n\r\n'
            "--b2\r\nContent-Type: text/plain\r\n\r\nplain\r\n"
            "--b2\r\nContent-Type: text/html\r\n\r\n<b>rich</b>\r\n--b2--\r\n"
            '--b1\r\nContent-Type: application/pdf; name="a.pdf"\r\n'
            'Content-Disposition: attachment; filename="a.pdf"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n"
            "--b1\r\nContent-Type: image/png\r\nContent-ID: <img1@x>\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n",
        )
    )
    assert parsed.text == "plain"
    assert parsed.html == "<b>rich</b>"
    pdf, png = parsed.attachments
    assert (pdf.filename, pdf.content_type, pdf.data, pdf.inline) == (
        "a.pdf",
        "application/pdf",
        b"%PDF-1.4",
        False,
    )
    assert (png.content_id, png.inline) == ("img1@x", True)


def test_rfc2231_filenames_are_decoded():
    parsed = parse(
        raw(
            'From: a@b.example\nContent-Type: multipart/mixed; boundary="b"',
            "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\nContent-Type: text/plain\r\n"
            "Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.txt\r\n\r\ncv\r\n"
            "--b--\r\n",
        )
    )
    assert parsed.attachments[0].filename == "résumé.txt"


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ("Auto-Submitted: auto-replied", MessageKind.AUTO_REPLY),
        ("Auto-Submitted: auto-generated", MessageKind.AUTO_REPLY),
        ("X-Autoreply: yes", MessageKind.AUTO_REPLY),
        ("X-Autorespond: yes", MessageKind.AUTO_REPLY),
        ("Precedence: auto_reply", MessageKind.AUTO_REPLY),
        ("Return-Path: <>", MessageKind.BOUNCE),
        ("Precedence: bulk", MessageKind.LIST),
        ("Precedence: list", MessageKind.LIST),
        ("Precedence: junk", MessageKind.LIST),
        ("List-Id: <news.example.com>", MessageKind.LIST),
        ("List-Unsubscribe: <mailto:unsub@example.com>", MessageKind.LIST),
        ("Auto-Submitted: no", MessageKind.NORMAL),
    ],
)
def test_the_kind_comes_from_the_headers(headers, kind):
    parsed = parse(raw(f"From: a@b.example\n{headers}"))
    assert parsed.kind == kind
    assert parsed.suppress_auto_reply == (kind != MessageKind.NORMAL)


def test_mail_from_the_mailer_daemon_is_a_bounce():
    assert parse(raw("From: MAILER-DAEMON@mx.example")).kind == MessageKind.BOUNCE


def test_a_delivery_status_report_is_a_bounce():
    parsed = parse(
        raw(
            "From: mx@x.example\nContent-Type: multipart/report; report-type=delivery-status; "
            'boundary="r"',
            "--r\r\nContent-Type: text/plain\r\n\r\nUndeliverable\r\n--r--\r\n",
        )
    )
    assert parsed.kind == MessageKind.BOUNCE


def test_x_auto_response_suppress_asks_for_no_answer():
    parsed = parse(raw("From: a@b.example\nX-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply"))
    assert parsed.kind == MessageKind.NORMAL
    assert parsed.suppress_auto_reply


def test_an_exchange_out_of_office_is_an_auto_reply():
    parsed = parse(
        raw("From: a@b.example\nX-Auto-Response-Suppress: All\nSubject: Automatic reply: hi")
    )
    assert parsed.kind == MessageKind.AUTO_REPLY


def test_no_input_makes_it_raise():
    rng = random.Random(6)
    samples = [b"", b"\x00" * 100, b"\r\n\r\n", b"--\r\n" * 100]
    samples += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))) for _ in range(60)]
    base = raw('From: a@b.example\nContent-Type: multipart/mixed; boundary="b"', "--b\r\n")
    samples += [base + bytes(rng.randrange(256) for _ in range(500)) for _ in range(40)]
    for sample in samples:
        parsed = parse(sample)
        assert "\x00" not in parsed.text + parsed.subject + parsed.html + parsed.sender_name


def test_deep_nesting_is_capped():
    depth = 60
    head = "".join(
        f'--b{i}\r\nContent-Type: multipart/mixed; boundary="b{i + 1}"\r\n\r\n'
        for i in range(depth)
    )
    tail = "".join(f"--b{i}--\r\n" for i in reversed(range(depth + 1)))
    body = head + f"--b{depth}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n" + tail
    parsed = parse(raw('From: a@b.example\nContent-Type: multipart/mixed; boundary="b0"', body))
    assert any("nested deeper" in p for p in parsed.problems)


def test_a_long_thread_keeps_its_newest_references():
    ids = " ".join(f"<m{n:04d}.{'x' * 40}@thread.example>" for n in range(300))
    parsed = parse(raw(f"From: a@b.example\nReferences: {ids}"))
    assert len(parsed.references) == 50
    assert parsed.references[-1].startswith("<m0299.")
    assert parsed.problems == []
