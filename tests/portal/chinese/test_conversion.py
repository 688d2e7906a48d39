"""portal.chinese.conversion: Simplified to Traditional (Hong Kong), folding for search, characters left over."""

import threading

import pytest

from portal.chinese.conversion import fold, simplified_left, to_traditional


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("国际城市合作亚洲项目", "國際城市合作亞洲項目"),
        ("欧盟与中国城市的气候行动", "歐盟與中國城市的氣候行動"),
        # Hong Kong phrases (s2hkp), not Taiwan's or OpenCC's standard forms.
        ("软件和服务器", "軟件和伺服器"),
        # A character read in its phrase: 里程碑 keeps 里, 后来 becomes 後來, 头发 頭髮.
        ("里程碑，后来的头发", "里程碑，後來的頭髮"),
        # Quotation marks take the Traditional form.
        ("“城市对城市”与‘伙伴’", "「城市對城市」與『夥伴』"),
        # Latin text, digits and markup are left alone.
        ('IUC 于2017年启动，<a id="a1">详见</a>', 'IUC 於2017年啓動，<a id="a1">詳見</a>'),
        # PHRASE_CORRECTIONS: what OpenCC's segmentation gets wrong (箇中, the name 于吉, 合作伙伴).
        ("17个中方试点城市和一个或多个中方伙伴", "17個中方試點城市和一個或多個中方夥伴"),
        ("全部17个中国试点城市", "全部17個中國試點城市"),
        ("各方伙伴会议，于吉隆坡举行", "各方夥伴會議，於吉隆坡舉行"),
        ("列为欧方合作伙伴。", "列為歐方合作夥伴。"),
        ("", ""),
    ],
)
def test_to_traditional(simplified, traditional):
    assert to_traditional(simplified) == traditional


def test_to_traditional_is_idempotent():
    text = to_traditional("国际城市合作（IUC）亚洲项目于2017年启动，发布了“城市对城市”合作报告。里程碑，17个中方伙伴")
    assert to_traditional(text) == text


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("國際城市合作", "国际城市合作"),
        ("国际城市合作", "国际城市合作"),
        ("裡裏綫", "里里线"),
        ("Mannheim 2019", "Mannheim 2019"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_a_query_in_either_script_folds_to_the_same_text():
    assert fold(to_traditional("气候行动")) == fold("气候行动") == fold("氣候行動")


def test_simplified_left():
    assert simplified_left("國際城市合作") == []
    assert simplified_left("國际城市合作") == ["际"]
    assert simplified_left("里程碑") == []


def test_each_thread_has_its_own_converter():
    results = []

    def convert():
        results.append(to_traditional("项目") + fold("項目"))

    threads = [threading.Thread(target=convert) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["項目项目"] * 4
