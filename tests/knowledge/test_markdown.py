"""Article text is Markdown rendered safely: no script gets through."""

from html.parser import HTMLParser

import pytest

from loket.knowledge.markdown import TAGS, render


class Elements(HTMLParser):
    """The real elements and attributes of some HTML (escaped text is not an element)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<svg onload=alert(1)>",
        "`<script>` in code and\n\n    <script>alert(1)</script>",
    ],
)
def test_script_injection_attempts_are_harmless(attack):
    for tag, attributes in Elements(str(render(attack))).found:
        assert tag in TAGS
        assert not any(name.startswith("on") or name == "style" for name in attributes)
        for name in ("href", "src"):
            value = (attributes.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:"))


def test_raw_html_is_shown_as_text():
    assert str(render("<b>bold</b>")) == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_links_get_rel_noopener():
    html = str(render("[Loket](https://loket.example) and [mail](mailto:desk@acme.example)"))
    assert '<a href="https://loket.example" rel="noopener">Loket</a>' in html
    assert 'href="mailto:desk@acme.example"' in html


def test_relative_links_and_images_are_kept():
    html = str(render("[next](/kb/2/) ![screen](/kb/1/attachments/3/)"))
    assert 'href="/kb/2/"' in html
    assert '<img src="/kb/1/attachments/3/" alt="screen">' in html


def test_images_only_from_https_or_this_site():
    assert "src=" not in str(render("![x](http://tracker.example/pixel.gif)"))
    assert "src=" not in str(render("![x](//tracker.example/pixel.gif)"))
    assert 'src="https://cdn.example/a.png"' in str(render("![x](https://cdn.example/a.png)"))


def test_tables_headings_lists_and_code():
    html = str(render("# T\n\n- a\n- b\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx < y\n```"))
    for tag in ("<h1>", "<li>", "<table>", "<td>1</td>", "<pre><code>x &lt; y"):
        assert tag in html


def test_empty_text_renders_nothing():
    assert str(render("")) == ""
