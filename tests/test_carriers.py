"""Carrier profiles: the packaged file, a user's replacement, and malformed files."""

import datetime as dt
import tomllib

import pytest

import cardguide
from cardguide.carriers import load_profiles
from conftest import ROOT

VALID = """
[[carrier]]
id = "fast-co"
name = { zh = "快公司", en = "Fast Co" }
hotline = "12345"
review_days = [1, 1, 1]
assumption = true
source = { zh = "我的经验", en = "My experience" }
"""


def test_packaged_profiles():
    profiles = cardguide.carriers()
    assert list(profiles) == ["china-mobile", "china-unicom", "china-telecom", "china-broadnet", "mvno"]
    assert {p.hotline for p in profiles.values()} >= {"10086", "10010", "10000", "10099"}
    for p in profiles.values():
        # Only the article's range counts as sourced; anything else is labelled an assumption.
        assert p.assumption == (p.review_days != (1, 2, 3)), p.id
        assert p.name_zh != p.name_en and p.source_zh and p.source_en


def test_a_valid_replacement_is_used(tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    path.write_text(VALID, encoding="utf-8")
    monkeypatch.setenv("CARDGUIDE_CARRIERS", str(path))
    assert list(cardguide.carriers()) == ["fast-co"]
    est = cardguide.estimate(dt.date(2024, 11, 18), "fast-co")  # Mon -> Wed for r = 1
    assert est.worst.completion == dt.date(2024, 11, 20)
    assert est.carrier.name("en") == "Fast Co"
    with pytest.raises(cardguide.UnknownCarrier):
        cardguide.estimate(dt.date(2024, 11, 18), "china-mobile")


@pytest.mark.parametrize(
    "content, zh_part, en_part",
    [
        ("this is = not toml [", "不是有效的 TOML", "not valid TOML"),
        ("", "没有找到 [[carrier]]", "no [[carrier]] entries"),
        (VALID.replace("[1, 1, 1]", "[-1, 1, 1]"), "第 1 个运营商", "carrier #1"),
        (VALID.replace("[1, 1, 1]", "[3, 2, 1]"), "最快 ≤ 典型", "best ≤ typical"),
        (VALID.replace("[1, 1, 1]", "['1', 1, 1]"), "三个整数", "three whole numbers"),
        (VALID.replace('review_days = [1, 1, 1]\n', ""), "缺少字段 review_days", "missing field review_days"),
        (VALID.replace('name = { zh = "快公司", en = "Fast Co" }', 'name = "Fast"'), "zh 和 en", "zh and en"),
        (VALID.replace('"fast-co"', '"Fast Co!"'), "编号", "Carrier id"),
        (VALID + VALID, "重复", "duplicate id fast-co"),
        (VALID + 'remote_forwarding = "no"\n', "remote_forwarding 须为 true/false", "remote_forwarding true/false"),
    ],
)
def test_malformed_files_are_reported_clearly(tmp_path, content, zh_part, en_part):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(cardguide.ProfileError) as caught:
        load_profiles(path)
    assert zh_part in caught.value.message("zh")
    assert en_part in caught.value.message("en")


def test_a_carrier_file_can_turn_off_the_forwarding_stage_and_name_itself_in_a_sentence(tmp_path, monkeypatch):
    """2024-11-18 (Mon), r = 1: done Wed 11-20 with or without the remote option once the file
    says remote_forwarding = false; with forwarding (7 days) it would be 11-29."""
    path = tmp_path / "mine.toml"
    path.write_text(VALID + 'remote_forwarding = false\nphrase = { zh = "快公司", en = "the Fast Co" }\n', encoding="utf-8")
    monkeypatch.setenv("CARDGUIDE_CARRIERS", str(path))
    est = cardguide.estimate(dt.date(2024, 11, 18), "fast-co", remote=True)
    assert est.worst.completion == dt.date(2024, 11, 20) and est.carrier.phrase("en") == "the Fast Co"
    path.write_text(VALID, encoding="utf-8")
    assert cardguide.estimate(dt.date(2024, 11, 18), "fast-co", remote=True).best.completion == dt.date(2024, 11, 29)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(cardguide.ProfileError, match="Cannot read"):
        load_profiles(tmp_path / "absent.toml")
    binary = tmp_path / "latin1.toml"
    binary.write_bytes(b"name = '\xe9\xff'")
    with pytest.raises(cardguide.ProfileError, match="not UTF-8"):
        load_profiles(binary)


def test_shown_values_are_printable_and_at_most_forty_characters():
    from cardguide.carriers import shorten

    assert shorten("a" * 40) == "a" * 40
    assert shorten("a" * 41) == "a" * 39 + "…" and len(shorten("b" * 500)) == 40
    assert shorten("x" * 12, limit=10) == "x" * 9 + "…"
    assert shorten("a\x00b\tc\u202ed") == "a?b?c?d"  # control and bidi characters cannot disguise a value


def test_own_review_days_as_typed():
    from cardguide.carriers import ProfileError, parse_review_days

    assert parse_review_days("1，2，3") == (1, 2, 3)  # full-width commas, as a Chinese keyboard types them
    assert parse_review_days(" 0001, 2 ,3 ") == (1, 2, 3) and parse_review_days(["2", "3", "4"]) == (2, 3, 4)
    for typed, shown_zh, shown_en in (("1,,3", "“空”", '""'), ("00001,2,3", "“00001”", '"00001"')):
        with pytest.raises(ProfileError) as error:
            parse_review_days(typed)
        assert error.value.message("zh") == f"审核工作日须为整数（最快、典型、最慢），{shown_zh} 不是整数"
        assert error.value.message("en") == f"Review days must be whole numbers (best, typical, worst); {shown_en} is not one"


def test_own_review_days_make_an_assumption_that_names_the_original():
    mobile = load_profiles()["china-mobile"]
    own = mobile.with_review_days([2, 4, 6])
    assert (own.review_days, own.assumption, own.own, own.id) == ((2, 4, 6), True, True, "china-mobile")
    assert own.source("zh") == "中国移动原设定为 1/2/3。" and own.source("en") == "China Mobile was set to 1/2/3."
    assert mobile.assumption is False and mobile.review_days == (1, 2, 3)  # the profile itself unchanged


@pytest.mark.parametrize("content, english, chinese", [
    ("", "mine.toml: no [[carrier]] entries found", "mine.toml：没有找到 [[carrier]] 条目"),
    ("carrier = 3\n", "mine.toml: no [[carrier]] entries found", None),
    (VALID.replace('review_days = [1, 1, 1]\n', "").replace('id = "fast-co"\n', ""),
     "mine.toml, carrier #1: missing field id, review_days", "mine.toml 第 1 个运营商：缺少字段 id, review_days"),
    (VALID.replace('name = { zh = "快公司", en = "Fast Co" }', 'name = "Fast"'),
     "mine.toml, carrier #1: field name needs both zh and en text", "mine.toml 第 1 个运营商：字段 name 需要 zh 和 en 两种文字"),
    (VALID.replace('source = { zh = "我的经验", en = "My experience" }', 'source = "mine"'),
     "mine.toml, carrier #1: field source needs both zh and en text", None),
    (VALID + 'phrase = { zh = "x" }\n', "mine.toml, carrier #1: field phrase needs both zh and en text", None),
    (VALID + 'short = "Fast"\n', "mine.toml, carrier #1: field short needs both zh and en text", None),
    (VALID + VALID, "mine.toml, carrier #2: duplicate id fast-co", None),
])
def test_a_bad_profile_file_is_named_with_the_entry_and_the_field(tmp_path, content, english, chinese):
    """The whole message, so the file, the entry's number and the field all show (each once)."""
    path = tmp_path / "mine.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(cardguide.ProfileError) as caught:
        load_profiles(path)
    assert caught.value.message("en") == english
    if chinese:
        assert caught.value.message("zh") == chinese


def test_a_profile_may_leave_out_the_hotline_the_assumption_and_the_source(tmp_path):
    """Left out, a carrier has no hotline, counts as an assumption, and says it has no source."""
    path = tmp_path / "mine.toml"
    path.write_text(VALID.replace('hotline = "12345"\n', "").replace("assumption = true\n", "")
                    .replace('source = { zh = "我的经验", en = "My experience" }\n', ""), encoding="utf-8")
    carrier = load_profiles(path)["fast-co"]
    assert (carrier.hotline, carrier.assumption) == ("", True)
    assert (carrier.source("en"), carrier.source("zh")) == ("No source given", "未注明来源")
    assert carrier.phrase("en") == "Fast Co" and carrier.name("zh") == "快公司"
    assert (carrier.short("zh"), carrier.short("en")) == ("快公司", "Fast Co")  # no short name: the name


def test_a_short_name_names_the_carrier_slider_stop_and_reaches_the_bundle(tmp_path, monkeypatch):
    """``short`` is the name under the carrier slider's stop, in both languages; the bundle the
    browser computes from carries it with the name (carriers.toml's own are read with tomllib)."""
    from cardguide.bundle import carrier_data

    path = tmp_path / "mine.toml"
    path.write_text(VALID + 'short = { zh = "快", en = "Fast" }\n', encoding="utf-8")
    carrier = load_profiles(path)["fast-co"]
    assert (carrier.short("zh"), carrier.short("en"), carrier.name("en")) == ("快", "Fast", "Fast Co")
    packaged = tomllib.loads((ROOT / "cardguide" / "data" / "carriers.toml").read_text("utf-8"))["carrier"]
    assert [(c["short"], c["name"]) for c in carrier_data()] == [(c.get("short", c["name"]), c["name"]) for c in packaged]
    monkeypatch.setenv("CARDGUIDE_CARRIERS", str(path))  # an operator's file: its short names go too
    assert [c["short"] for c in carrier_data()] == [{"zh": "快", "en": "Fast"}]


def messages(call) -> tuple[str, str]:
    with pytest.raises(cardguide.CardguideError) as error:
        call()
    return error.value.message("en"), error.value.message("zh")


def test_review_days_messages_quote_the_value_and_the_order_and_the_bound_is_allowed():
    from cardguide.carriers import MAX_REVIEW_DAYS, check_review_days

    assert messages(lambda: check_review_days([1, 2])) == (
        "Review days must be three whole numbers (best, typical, worst), not [1, 2]",
        "审核工作日必须是三个整数（最快、典型、最慢），而不是 [1, 2]")
    assert messages(lambda: check_review_days((3, 2, 1))) == (
        f"Review days need 1 ≤ best ≤ typical ≤ worst ≤ {MAX_REVIEW_DAYS}; got 3, 2, 1",
        f"审核工作日须满足 1 ≤ 最快 ≤ 典型 ≤ 最慢 ≤ {MAX_REVIEW_DAYS}，当前为 3、2、1")
    assert check_review_days([1, MAX_REVIEW_DAYS, MAX_REVIEW_DAYS]) == (1, MAX_REVIEW_DAYS, MAX_REVIEW_DAYS)
    assert "got 1, 2, 31" in messages(lambda: check_review_days((1, 2, MAX_REVIEW_DAYS + 1)))[0]


def test_a_carrier_is_looked_up_in_the_given_profiles_and_an_unknown_one_lists_them():
    from cardguide.carriers import Carrier, get_carrier

    mine = {"fast-co": Carrier(id="fast-co", review_days=(1, 1, 1))}
    assert get_carrier("fast-co", mine) is mine["fast-co"]
    assert messages(lambda: get_carrier("china-mobile", mine))[0] == (
        'Unknown carrier "china-mobile"; choose one of: fast-co')
    ids = [c["id"] for c in tomllib.loads((ROOT / "cardguide" / "data" / "carriers.toml").read_text())["carrier"]]
    assert messages(lambda: get_carrier("nobody")) == (
        f'Unknown carrier "nobody"; choose one of: {", ".join(ids)}', f"未知的运营商 “nobody”；可选：{', '.join(ids)}")


def test_a_carrier_without_names_is_called_by_its_id_and_a_bad_id_is_quoted():
    from cardguide.carriers import Carrier

    plain = Carrier(id="fast-co", review_days=(1, 1, 1))
    assert (plain.name("zh"), plain.name("en"), plain.phrase("en"), plain.phrase("zh")) == ("fast-co",) * 4
    assert messages(lambda: Carrier(id="Bad!", review_days=(1, 2, 3))) == (
        "Carrier id Bad! is invalid: use lowercase letters, digits and hyphens",
        "运营商编号 Bad! 无效：只能用小写字母、数字和连字符")


def test_a_long_unreadable_path_is_shortened_to_eighty_characters(tmp_path):
    from cardguide.carriers import shorten

    missing = tmp_path / ("x" * 120 + ".toml")
    assert len(str(missing)) > 80
    english = messages(lambda: load_profiles(missing))[0]
    shown = english.removeprefix("Cannot read the carrier profile file ").removesuffix(" (No such file or directory)")
    assert len(shown) == 80 and shown == str(missing)[:79] + "…" == shorten(str(missing), 80)
