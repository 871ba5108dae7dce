"""Planning backwards: the latest day to submit, against the brute-force definition over
``estimate`` and against cases worked out by hand from the State Council notices."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cardguide import CardguideError, DateOutOfRange, carriers, estimate
from cardguide.carriers import Carrier
from cardguide.deadline import latest_submission
from cardguide.workdays import FIRST_YEAR, LAST_YEAR, is_provisional
from conftest import run_cli

D = dt.date
ONE = dt.timedelta(days=1)
R123 = Carrier(id="hand-check", review_days=(1, 2, 3))


def brute_force(carrier, remote: bool, first: dt.date, last: dt.date) -> dict[dt.date, tuple]:
    """For every deadline in [first, last]: per scenario, the latest day D whose estimate
    completes on or before it: the definition, with a sweep over every submission day."""
    start = first - dt.timedelta(days=60)
    days = [start + ONE * n for n in range((last - start).days + 1)]
    completions = [[s.completion for s in estimate(day, carrier, remote=remote).scenarios] for day in days]
    deadlines = [first + ONE * n for n in range((last - first).days + 1)]
    latest = []
    for i in range(3):
        # max(day whose completion <= deadline), for every deadline at once: the (completion,
        # day) pairs in completion order with a running maximum of the day (no assumption
        # that a later day completes later).
        pairs, best, answer, k = sorted((done[i], day) for day, done in zip(days, completions)), None, [], 0
        for deadline in deadlines:
            while k < len(pairs) and pairs[k][0] <= deadline:
                best = pairs[k][1] if best is None else max(best, pairs[k][1])
                k += 1
            answer.append(best)
        latest.append(answer)
    return {deadline: tuple(latest[i][n] for i in range(3)) for n, deadline in enumerate(deadlines)}


@pytest.mark.parametrize("remote", [False, True])
@pytest.mark.parametrize("carrier", list(carriers()))
def test_equals_the_brute_force_definition_for_every_deadline_of_2024_to_2026(carrier, remote):
    carrier = carriers()[carrier]  # read once: an id would re-read the profiles at every call
    expected = brute_force(carrier, remote, D(2024, 1, 1), D(2026, 12, 31))
    for deadline, days in expected.items():
        assert latest_submission(deadline, carrier, remote=remote).days == days, deadline


# deadline -> latest day for r = 1, 2, 3 (completion = day 1 + r + 1 working days).
HAND_WORKED = {
    # 2024 National Day: off 10-01..07; make-up Sun 09-29 and Sat 10-12. Working days before
    # Tue 10-08, counting back: 09-30, 09-29 (Sun, make-up), 09-27, 09-26. Done 10-08 needs
    # day 1 two (r=1), three (r=2) or four (r=3) working days before it.
    D(2024, 10, 8): (D(2024, 9, 29), D(2024, 9, 27), D(2024, 9, 26)),
    # A deadline inside the holiday counts from the last working day before it, Mon 09-30:
    # back 2/3/4 working days -> 09-27, 09-26, 09-25.
    D(2024, 10, 7): (D(2024, 9, 27), D(2024, 9, 26), D(2024, 9, 25)),
    # 2026 National Day: off 10-01..07; make-up Sun 09-20 and Sat 10-10. Before Fri 10-09:
    # 10-08, 09-30, 09-29, 09-28.
    D(2026, 10, 9): (D(2026, 9, 30), D(2026, 9, 29), D(2026, 9, 28)),
    # Before Mon 10-12: 10-10 (Sat, make-up), 10-09, 10-08, 09-30.
    D(2026, 10, 12): (D(2026, 10, 9), D(2026, 10, 8), D(2026, 9, 30)),
    # 2025 Spring Festival: off 01-28..02-04; make-up Sun 01-26 and Sat 02-08. Before Wed
    # 02-05: 01-27, 01-26 (Sun, make-up), 01-24, 01-23.
    D(2025, 2, 5): (D(2025, 1, 26), D(2025, 1, 24), D(2025, 1, 23)),
    # Before Mon 02-10: 02-08 (Sat, make-up), 02-07, 02-06, 02-05.
    D(2025, 2, 10): (D(2025, 2, 7), D(2025, 2, 6), D(2025, 2, 5)),
    # 2026 Spring Festival: off 02-15..23; make-up Sat 02-14 and Sat 02-28. Before Tue 02-24:
    # 02-14 (Sat, make-up), 02-13, 02-12, 02-11.
    D(2026, 2, 24): (D(2026, 2, 13), D(2026, 2, 12), D(2026, 2, 11)),
    # A deadline on New Year's Eve (Mon 02-16, a holiday) counts from Sat 02-14 (make-up):
    # back 2/3/4 -> 02-12, 02-11, 02-10.
    D(2026, 2, 16): (D(2026, 2, 12), D(2026, 2, 11), D(2026, 2, 10)),
}


@pytest.mark.parametrize("deadline", list(HAND_WORKED))
def test_hand_worked_cases(deadline):
    latest = latest_submission(deadline, R123)
    assert latest.days == HAND_WORKED[deadline]
    for day, scenario in zip(latest.days, ("best", "typical", "worst")):
        assert getattr(estimate(day, R123), scenario).completion <= deadline
        assert getattr(estimate(day + ONE, R123), scenario).completion > deadline


def test_the_latest_day_is_always_a_working_day_and_the_next_day_is_too_late():
    import chinese_calendar

    for deadline in (D(2024, 10, 8), D(2025, 2, 5), D(2026, 2, 16), D(2026, 10, 12)):
        for carrier in carriers():
            latest = latest_submission(deadline, carrier)
            for day, scenario in zip(latest.days, ("best", "typical", "worst")):
                assert chinese_calendar.is_workday(day)  # an independent calendar
                later = day + ONE
                assert getattr(estimate(later, carrier), scenario).completion > deadline


def test_remote_and_own_review_days():
    """2024-11-29 (Fri), China Mobile, remote: worst = 15 forwarding + 3 review + 1 = 19
    working days after day 1 (no holidays in November 2024): Fri 11-29 minus 19 working days
    is Mon 11-04; China Unicom has no forwarding stage (r=3: 4 working days back, Mon 11-25)."""
    assert latest_submission(D(2024, 11, 29), "china-mobile", remote=True).worst == D(2024, 11, 4)
    assert latest_submission(D(2024, 11, 29), "china-unicom", remote=True).worst == D(2024, 11, 25)
    own = carriers()["china-mobile"].with_review_days((1, 1, 5))  # worst: 6 working days back
    assert latest_submission(D(2024, 11, 29), own).worst == D(2024, 11, 21)


def test_provisional_years_are_flagged_from_the_installed_data():
    official = next(y for y in range(LAST_YEAR, FIRST_YEAR, -1) if not is_provisional(y))
    assert not latest_submission(D(official, 6, 30), "china-mobile").provisional
    assert latest_submission(D(LAST_YEAR, 6, 30), "china-mobile").provisional_years == (LAST_YEAR,)
    # Early January of the provisional year: the latest days fall in the official year before it.
    early = latest_submission(D(LAST_YEAR, 1, 5), "china-mobile")
    assert early.provisional and early.worst.year == LAST_YEAR - 1


def test_bad_deadlines_are_clear_errors_in_both_languages():
    for bad, error in ((D(LAST_YEAR + 1, 3, 1), DateOutOfRange), (D(FIRST_YEAR - 1, 3, 1), DateOutOfRange),
                       (D(FIRST_YEAR, 1, 2), DateOutOfRange)):
        with pytest.raises(error) as caught:
            latest_submission(bad, "china-mobile")
        assert caught.value.message("zh") and caught.value.message("en")
    with pytest.raises(CardguideError) as caught:
        latest_submission(D(2026, 10, 9), "china-mobile", today=D(2026, 10, 8))  # best case needed 09-30
    assert "2026-09-30" in caught.value.message("en") and "来不及" in caught.value.message("zh")
    assert latest_submission(D(2026, 10, 9), "china-mobile", today=D(2026, 9, 30)).best == D(2026, 9, 30)
    with pytest.raises(CardguideError):
        latest_submission(dt.datetime(2026, 10, 9), "china-mobile")


# ---- the command line ------------------------------------------------------------------

def test_cli_table_and_json_for_a_known_case():
    out = run_cli("latest", "--by", "2026-10-12", "--carrier", "china-mobile", "--today", "2026-09-01")
    assert out.returncode == 0, out.stderr.decode()
    text = out.stdout.decode()
    assert "2026年10月12日（星期一）" in text and "中国移动" in text
    assert "10月9日（周五）" in text and "10月8日（周四）" in text and "9月30日（周三）" in text
    assert "最慢" in text and "最晚在9月30日（周三）提交" in text  # the safe day, in the advice
    out = run_cli("latest", "--by", "2026-10-12", "--carrier", "china-mobile", "--json", "--today", "2026-09-01")
    data = json.loads(out.stdout)
    assert data["deadline"] == "2026-10-12" and data["carrier"]["id"] == "china-mobile"
    assert data["latest"] == {"best": "2026-10-09", "typical": "2026-10-08", "worst": "2026-09-30"}
    assert data["remote"] is False and data["provisional"] is False
    english = run_cli("latest", "--by", "2026-10-12", "--carrier", "mvno", "--remote", "--lang", "en",
                      "--today", "2026-08-01").stdout.decode()
    assert "Mon, Oct 12, 2026" in english and "To be safe" in english and "assumption" in english.lower()


@pytest.mark.parametrize("args, message", [
    (["--by", "2026-10-12", "--carrier", "nobody"], "未知的运营商"),
    (["--by", "2026-13-01", "--carrier", "china-mobile"], "不是有效日期"),
    (["--by", "12/10/2026", "--carrier", "china-mobile"], "不是有效日期"),
    (["--by", "2026-10-12", "--carrier", "china-mobile", "--today", "2026-10-10"], "来不及"),
    (["--by", f"{LAST_YEAR + 1}-06-01", "--carrier", "china-mobile"], "截止日期只能在"),
    (["--by", "2026-10-12", "--carrier", "china-mobile", "--review-days", "3,2,1"], "1 ≤ 最快"),
    (["--carrier", "china-mobile"], "参数有误"),
])
def test_cli_bad_arguments_one_line_exit_2(args, message):
    out = run_cli("latest", *args)
    err = out.stderr.decode()
    assert out.returncode == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err
