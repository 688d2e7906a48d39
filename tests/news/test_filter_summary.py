"""The news filter form sits in a disclosure whose summary says how many filters are applied (issue 17).

Closed in the HTML even when filters are applied (the list comes first on a phone; wide screens show the
form by CSS); the active filters are listed outside it, so a visitor always sees what is applied.
"""

import pytest

from tests.utils import EN, LANGUAGES, ZH, ZHT, soup_of, text_of

SUMMARY = {
    (EN, 0): "Filter news",
    (ZH, 0): "筛选新闻",
    (ZHT, 0): "篩選新聞",
    (EN, 1): "Filter news (1 filter applied)",
    (ZH, 1): "筛选新闻（已应用1个筛选条件）",
    (ZHT, 1): "篩選新聞（已應用1個篩選條件）",
    (EN, 2): "Filter news (2 filters applied)",
    (ZH, 2): "筛选新闻（已应用2个筛选条件）",
    (ZHT, 2): "篩選新聞（已應用2個篩選條件）",
}
ROUTES = {0: "", 1: "2018/", 2: "category/iuc-asia/2018/"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("applied", [0, 1, 2])
def test_the_filter_summary_counts_the_filters_applied(client, language, applied):
    soup = soup_of(client.get(f"/{language}/news/{ROUTES[applied]}"))
    panel = soup.select_one("main details.news-filters-panel")
    assert not panel.has_attr("open")
    assert text_of(panel.select_one("summary")) == SUMMARY[language, applied]
    assert panel.select_one("form.news-filters") is not None
    active = soup.select("main nav.active-filters .active-filters__item")
    assert len(active) == applied
    assert all(item.find_parent("details") is None for item in active), "applied filters show outside the panel"
