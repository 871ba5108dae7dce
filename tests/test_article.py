"""The article's facts are all there, in both languages."""

from cardguide import article
from cardguide.article import SECTIONS


def _texts(node):
    """Every text table: any table with a ``zh`` or an ``en`` key (so a missing twin is caught)."""
    if isinstance(node, dict):
        if "zh" in node or "en" in node:
            yield node
        else:
            for value in node.values():
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_six_sections_in_order_with_the_articles_counts():
    a = article()
    assert all(section in a.data for section in SECTIONS)
    assert [u["id"] for u in a["definition"]["uses"]] == ["promotion", "customer-relations", "data-collection"]
    assert len(a["reasons"]["items"]) == 4
    assert [s["id"] for s in a["process"]["steps"]] == ["prepare", "contact", "apply", "review", "confirm"]
    assert len(a["process"]["steps"][0]["items"]) == 3  # ID, the card, account details
    assert [p["id"] for p in a["precautions"]["items"]] == ["arrears", "backup", "privacy"]
    assert len(a["faq"]["items"]) == 3


def test_timing_numbers_are_the_articles():
    timing = article()["timing"]
    assert timing["initial_handling_hours"] == 24
    assert timing["review_working_days"] == [1, 3]
    assert timing["total_working_days"] == [3, 5]
    text = " ".join(p["text"]["zh"] for p in timing["points"])
    for fact in ("24 小时", "1 至 3 个工作日", "节假日", "3 至 5 个工作日", "跟进"):
        assert fact in text


def test_every_text_has_chinese_and_english():
    from cardguide.article import context
    from cardguide.i18n import _ui

    entries = [e for source in (article().data, context(), _ui()) for e in _texts(source)]
    assert len(entries) > 200
    for entry in entries:
        assert set(entry) == {"zh", "en"}, entry
        assert entry["zh"] and entry["en"], entry
    for entry in _texts(article().data):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["zh"]), entry
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in entry["en"]), entry


def test_context_facts_carry_source_and_date():
    """The facts beyond the article (domain-facts notes), each with a dated source."""
    import re

    from cardguide.article import context

    data = context()
    facts = {f["id"]: f for f in data["facts"]}
    assert {"remote", "one-id-check", "complaint"} <= set(facts)
    for fact in facts.values():
        for entry in (fact["title"], fact["text"], fact["source"]):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["zh"]), entry
            # English may name a Chinese service in brackets, e.g. "One-ID check (一证通查)", so a
            # reader can search for it; nothing else in English text is Chinese.
            english = re.sub(r"\([^)]*\)", "", entry["en"])
            assert english and not any("\u4e00" <= ch <= "\u9fff" for ch in english), entry
        assert re.search(r"\b(19|20)\d\d\b", fact["source"]["en"]), fact["id"]
    assert "2019-01-01" in facts["remote"]["text"]["zh"] and "7-15" in facts["remote"]["text"]["en"]
    assert "10699000" in facts["one-id-check"]["text"]["zh"] and "48" in facts["one-id-check"]["text"]["en"]
    assert "15" in facts["complaint"]["text"]["en"] and "30" in facts["complaint"]["text"]["en"]
    assert data["remote"]["forwarding_days"] == [7, 15]


def test_an_unknown_language_falls_back_to_chinese_the_source_language():
    """What the default ``lang="zh"`` of every text function relies on (docs/testing.md)."""
    from cardguide.article import text
    from cardguide.i18n import t

    assert text({"zh": "中文", "en": "English"}, "fr") == "中文" and text({"zh": "中文", "en": ""}, "en") == "中文"
    assert t("errors.empty", "fr") == "空" and t("errors.empty", "en") == "(empty)"


def test_years_are_listed_as_each_language_lists_them_and_chinese_is_the_fallback():
    from cardguide.i18n import year_list

    assert (year_list([2027, 2028], "zh"), year_list([2027, 2028], "en")) == ("2027和2028", "2027 and 2028")
    assert year_list([2027, 2028], "fr") == "2027和2028" and year_list([2027], "en") == "2027"
