"""Latin names inside Chinese text are marked ``lang="en"`` (``portal.core.typography``, the ``lang_marked`` filter)."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from portal.core.typography import mark_latin_html, mark_latin_text
from tests.utils import EN, ZH, soup_of

SPAN = '<span lang="en">{}</span>'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IUC亚洲", f"{SPAN.format('IUC')}亚洲"),
        ("城市合作行动计划（UCAP）", f"城市合作行动计划（{SPAN.format('UCAP')}）"),
        ("欧盟委员会区域与城市政策总司（DG REGIO）", f"欧盟委员会区域与城市政策总司（{SPAN.format('DG REGIO')}）"),
        ("克雷楚（Creţu）说", f"克雷楚（{SPAN.format('Creţu')}）说"),
        ("2019年", "2019年"),
        ("第C40城市", f"第{SPAN.format('C40')}城市"),
        ("Mannheim-Rhein-Neckar中心", f"{SPAN.format('Mannheim-Rhein-Neckar')}中心"),
        ("e.g. 例如", f"{SPAN.format('e.g')}. 例如"),
        ("a", "a"),
        ("AB&CD <b>", f"{SPAN.format('AB')}&amp;{SPAN.format('CD')} &lt;b&gt;"),
    ],
)
def test_mark_latin_text(text, expected):
    assert mark_latin_text(text) == expected


def test_mark_latin_html_changes_text_only():
    markup = (
        '<p>见<a href="/zh-hans/about/" title="About IUC">关于IUC亚洲</a>&amp;<b>UCAP</b>。</p>'
        '<img alt="Mannheim" src="/x.png"><br>'
        '<span lang="en">Already <i>marked</i></span><code>print(x)</code><script>var IUC = 1;</script>'
        "<!-- a comment with IUC -->&nbsp;Bologna"
    )
    assert mark_latin_html(markup) == (
        f'<p>见<a href="/zh-hans/about/" title="About IUC">关于{SPAN.format("IUC")}亚洲</a>'
        f"&amp;<b>{SPAN.format('UCAP')}</b>。</p>"
        '<img alt="Mannheim" src="/x.png"><br>'
        '<span lang="en">Already <i>marked</i></span><code>print(x)</code><script>var IUC = 1;</script>'
        f"<!-- a comment with IUC -->&nbsp;{SPAN.format('Bologna')}"
    )
    # The result parses to the same text.
    assert (
        BeautifulSoup(mark_latin_html(markup), "html.parser").get_text()
        == BeautifulSoup(markup, "html.parser").get_text()
    )


def test_the_filter_marks_chinese_pages_only_and_escapes_plain_text():
    template = Template("{% load portal_tags %}{{ plain|lang_marked }}|{{ rich|lang_marked }}")
    context = Context({"plain": "<i>IUC</i>亚洲", "rich": mark_safe("<i>IUC</i>亚洲")})
    with translation.override(ZH):
        assert template.render(context) == (
            f"&lt;i&gt;{SPAN.format('IUC')}&lt;/i&gt;亚洲|<i>{SPAN.format('IUC')}</i>亚洲"
        )
    with translation.override(EN):
        assert template.render(context) == "&lt;i&gt;IUC&lt;/i&gt;亚洲|<i>IUC</i>亚洲"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "selector", "names"),
    [
        ("/", ".hero h1 + p, .component-teaser", {"IUC"}),
        ("/about/", ".stream .block-paragraph", {"IUC", "FPI", "DG REGIO", "UCAP", "IURC"}),
        ("/city-to-city-cooperation/", ".stream .block-paragraph, .key-figure__label", {"UCAP", "IUC"}),
        ("/countries/republic-of-korea/", ".stream", {"IUC", "ICLEI"}),
        ("/news/", ".news-item", {"IUC", "UCAP"}),
        ("/search/?q=UCAP", ".search-result", {"UCAP"}),
    ],
)
def test_chinese_pages_mark_latin_names(client, path, selector, names):
    soup = soup_of(client.get(f"/zh-hans{path}"))
    marked = {span.get_text() for element in soup.select(selector) for span in element.select('span[lang="en"]')}
    assert names <= marked
    english = soup_of(client.get(f"/en{path}"))
    assert english.select("main span[lang]") == []
