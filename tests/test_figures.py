"""The Gantt figure shows what the estimate says."""

import datetime as dt

from cardguide import estimate
from cardguide.workdays import LAST_YEAR
from cardguide.figures import gantt


def _bars(fig, name_part):
    return next(tr for tr in fig.data if tr.type == "bar" and name_part in tr.name)


def test_bars_skip_the_national_day_holiday():
    fig = gantt(estimate(dt.date(2024, 9, 30), "china-mobile"))
    spread = _bars(fig, "最快")
    review = [(b, x) for y, b, x in zip(spread.y, spread.base, spread.x) if y == "运营商审核"]
    # best..worst review days are 10-08..10-10: one run of three days, after the holiday.
    assert review == [("2024-10-08", 3 * 86_400_000)]
    initial = [b for y, b in zip(spread.y, spread.base) if y.startswith("初步处理")]
    assert initial == ["2024-09-30"]


def test_review_bar_splits_around_the_weekend():
    fig = gantt(estimate(dt.date(2024, 11, 21), "china-mobile"))  # Thu; review Fri, Mon, Tue
    spread = _bars(fig, "最快")
    review = [(b, x // 86_400_000) for y, b, x in zip(spread.y, spread.base, spread.x) if y == "运营商审核"]
    assert review == [("2024-11-22", 1), ("2024-11-25", 2)]


def test_shading_covers_exactly_the_days_off():
    fig = gantt(estimate(dt.date(2024, 9, 27), "china-mobile"))
    grey = [(s.x0, s.x1) for s in fig.layout.shapes if s.type == "rect" and "140" in s.fillcolor]
    # Sat 09-28 off, Sun 09-29 make-up (worked), 10-01..07 off; window ends at follow-up 10-10.
    assert grey == [("2024-09-28", "2024-09-29"), ("2024-10-01", "2024-10-08")]
    orange = [s.x0 for s in fig.layout.shapes if s.type == "rect" and "232" in s.fillcolor]
    assert orange == ["2024-09-29"]


def test_bars_lines_and_band_edges_stand_out_from_the_white_plot():
    # WCAG 1.4.11: graphical objects at 3:1 against what is next to them (the white plot).
    fig = gantt(estimate(dt.date(2024, 9, 27), "china-mobile", remote=True))
    assert fig.layout.plot_bgcolor == "white"
    bars = [tr.marker.color for tr in fig.data if tr.type == "bar"]
    lines = [s.line.color for s in fig.layout.shapes if s.type == "line"]
    edges = [s.line.color for s in fig.layout.shapes if s.type == "rect"]
    assert len(bars) == 3 and lines and edges
    for colour in bars + lines + edges:
        assert wcag_contrast(colour, "#ffffff") >= 3, colour


def test_labels_follow_the_language_and_mark_completion():
    zh = gantt(estimate(dt.date(2024, 9, 30), "china-mobile"))
    en = gantt(estimate(dt.date(2024, 9, 30), "china-mobile"), "en")
    assert zh.layout.title.text.startswith("中国移动") and "10月9日" in zh.layout.title.subtitle.text
    assert en.layout.title.text.startswith("China Mobile") and "Oct 11" in en.layout.title.subtitle.text
    assert "Carrier review" in _bars(en, "Typical").y
    names = [tr.name for tr in en.data]
    assert "Done: Wed, Oct 9 – Fri, Oct 11" in names and "Follow up: Sat, Oct 12" in names
    lines = [s.x0 for s in en.layout.shapes if s.type == "line"]
    assert lines == ["2024-10-10", "2024-10-12", "2024-10-13"]
    assert "Noto Sans CJK SC" in zh.layout.font.family


def test_heatmap_cells_are_placed_by_hand_checked_weekdays():
    from cardguide.figures import YL_OR_RD, year_cells
    from cardguide.yeargrid import year_grid

    spec = year_cells(year_grid(2026, "china-mobile"), "zh")
    cells = {c[0]: c for c in spec["cells"]}
    assert len(cells) == 365 and len(spec["cells"][0]) == 7
    # 2026-01-01 was a Thursday, 2026-09-30 a Wednesday, 2026-10-04 a Sunday (Monday is 0).
    assert (cells["2026-01-01"][1], cells["2026-09-30"][1], cells["2026-10-04"][1]) == (3, 2, 6)
    day, weekday, colour, text, late, label, ink = cells["2026-09-30"]
    # Its accessible name: the hover text as one plain line (no markup), in reading order.
    assert label == "2026年9月30日（星期三）提交；预计最快10月9日（周五）、最慢10月12日（周一）完成；最慢需 12 天（日历日）"
    # Day numbers on every cell read at 4.5:1 or better (WCAG's formula, written out here).
    for cell in spec["cells"]:
        assert wcag_contrast(cell[2], cell[6]) >= 4.5, cell[:3]
    # Slowness is said in words too: the eves of Spring Festival (02-15) and National Day.
    assert any(item.startswith("2月1") for item in spec["slow"])
    assert any(item.startswith("9月") for item in spec["slow"]) and all("最慢需" in item for item in spec["slow"])
    # 09-30 -> worst Mon 10-12: 12 days; Sun 01-04 (make-up day) -> Thu 01-08: 4 days.
    assert "2026年9月30日（星期三）" in text and "最慢10月12日（周一）" in text and "12 天" in text
    assert "4 天" in cells["2026-01-04"][3] and "调休上班" in cells["2026-01-04"][3]
    assert "国庆节" in cells["2026-10-01"][3]
    low, high = spec["legend"]["low"], spec["legend"]["high"]
    assert low == 4 and high > 12 and colour != YL_OR_RD[0]  # the eve of National Day is among the slow days
    assert cells["2026-06-01"][2] == YL_OR_RD[0]  # an ordinary Monday: 4 days, the lightest
    # Late-December schedules run into the next year: provisional when its notice is missing.
    spills = year_cells(year_grid(LAST_YEAR - 1, "china-mobile"), "zh")["notice"]
    assert str(LAST_YEAR) in spills and "跨入" in spills
    assert spec["months"][9] == "10月" and len(spec["months"]) == 12


def test_heatmap_in_english():
    from cardguide.figures import year_cells
    from cardguide.yeargrid import year_grid

    spec = year_cells(year_grid(2025, "mvno"), "en")
    assert spec["title"] == "Submitting any day of 2025 to an MVNO (virtual operator): worst case, in calendar days"
    assert spec["months"][:3] == ["Jan", "Feb", "Mar"]
    assert spec["weekdays"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert spec["notice"] == "" and spec["legend"]["label"] == "Days"
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in c[3]) for c in spec["cells"])


def test_gantt_spec_is_valid_plotly():
    """The dashboard sends the spec unvalidated; plotly.py must accept every property of it."""
    import plotly.graph_objects as go

    from cardguide.figures import gantt_spec

    for day, carrier, remote in ((dt.date(2024, 9, 30), "china-mobile", False),
                                 (dt.date(LAST_YEAR, 3, 10), "mvno", True)):
        spec = gantt_spec(estimate(day, carrier, remote=remote), "en")
        go.Figure(spec)  # raises on any invalid property


def test_year_view_looks_twelve_months_ahead_and_marks_a_deadline():
    """From 2026-11-25: November 2026 to October 2027. Sunday 2026-11-01 is the first cell, in
    its week's last row; Monday 2026-11-02 starts week 1. A deadline of Wed 2027-02-10 with China
    Mobile (1/2/3): Fri 2027-01-29 is the safe day (test_deadline), so it is not late and the
    next working day, Mon 02-01, is."""
    from cardguide.figures import year_cells
    from cardguide.yeargrid import twelve_months, window_grid

    first, last = twelve_months(dt.date(2026, 11, 25))
    assert (first, last) == (dt.date(2026, 11, 1), dt.date(2027, 10, 31))
    spec = year_cells(window_grid(first, last, "china-mobile"), "en", deadline=dt.date(2027, 2, 10))
    cells = {c[0]: c for c in spec["cells"]}
    assert len(cells) == 365 and spec["cells"][0][0] == "2026-11-01"
    assert cells["2026-11-01"][1] == 6 and cells["2026-11-02"][1] == 0  # a Sunday, then a Monday
    assert spec["title"] == "Submitting any day from Nov 2026 to Oct 2027 to China Mobile: worst case, in calendar days"
    assert spec["months"][:3] == ["Nov", "Dec", "Jan 2027"]
    assert spec["deadline"] == "2027-02-10" and spec["legend"]["late"].startswith("Hatched")
    assert cells["2027-01-29"][4] is False and cells["2027-02-01"][4] is True
    assert "after the deadline" in cells["2027-02-01"][3] and "after the deadline" not in cells["2027-01-29"][3]
    assert all(c[4] is False for c in spec["cells"] if c[0] <= "2027-01-29")
    assert year_cells(window_grid(first, last, "china-mobile"), "en")["deadline"] == ""


def wcag_contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_heatmap_cells_in_words_for_hand_worked_days():
    """China Mobile (1/2/3) in 2024, deadline Wed 10-09. Worked by hand from the notice (off
    10-01 to 10-07, make-up Sun 09-29 and Sat 10-12): Thu 09-26 is done Sun 09-29 at best (review
    Fri 09-27, confirmed on the make-up Sunday) and Tue 10-08 at worst, 12 days; Fri 09-27 is done
    Wed 10-09 at worst, on the deadline, so not late; Sun 09-29 and Tue 10-01 (day 1 is 10-08)
    finish after it. Mon 2024-01-01 is week 0, so 09-26 (day 269) is week 38, Thursday."""
    from cardguide.figures import year_cells
    from cardguide.yeargrid import year_grid

    spec = year_cells(year_grid(2024, "china-mobile"), "en", deadline=dt.date(2024, 10, 9))
    cells = {c[0]: c for c in spec["cells"]}
    assert cells["2024-09-26"] == [
        "2024-09-26", 3, "#800026",
        "<b>Submit Thu, Sep 26, 2024</b><br>Expected done Sun, Sep 29 at best, Tue, Oct 8 at worst"
        "<br>12 calendar days in the worst case", False,
        "Submit Thu, Sep 26, 2024; Expected done Sun, Sep 29 at best, Tue, Oct 8 at worst; 12 calendar days in the worst case",
        "#ffffff"]
    assert cells["2024-09-27"][4] is False and "Wed, Oct 9 at worst" in cells["2024-09-27"][3]
    late = "At worst, done after the deadline, Wed, Oct 9"
    assert cells["2024-09-29"][3] == ("<b>Submit Sun, Sep 29, 2024</b> · Make-up working day<br>Expected done Tue, Oct 8 "
                                      f"at best, Thu, Oct 10 at worst<br>11 calendar days in the worst case<br>{late}")
    assert cells["2024-09-29"][4] is True and cells["2024-09-29"][5].endswith("; " + late)
    assert cells["2024-10-01"][1:3] == [1, "#bd0026"] and cells["2024-10-01"][4] is True
    assert cells["2024-10-01"][5] == ("Submit Tue, Oct 1, 2024 · National Day; Expected done Thu, Oct 10 at best, "
                                      f"Sat, Oct 12 at worst; 11 calendar days in the worst case; {late}")
    assert spec["label"] == ("Submitting any day of 2024 to China Mobile: worst case, in calendar days. "
                             "Arrow keys move by day or week; Enter chooses.")
    assert spec["months"][:2] == ["Jan", "Feb"] and "weeks" not in spec
    assert (spec["legend"]["low"], spec["legend"]["high"]) == (4, 12) and len(spec["legend"]["colours"]) == 9
    assert spec["legend"]["deadline"] == "Black frame: your deadline" and spec["deadline"] == "2024-10-09"
    without = year_cells(year_grid(2024, "china-mobile"), "en")
    assert without["legend"]["late"] == without["legend"]["deadline"] == "" and without["deadline"] == ""
    assert not any(c[4] for c in without["cells"])
    assert year_cells(year_grid(2024, "china-mobile"), "en", deadline=dt.date(2025, 1, 6))["deadline"] == ""


def test_heatmap_names_a_provisional_year_at_either_end_of_its_window():
    from cardguide.figures import year_cells
    from cardguide.yeargrid import window_grid

    notice = f"⚠ The {LAST_YEAR} holiday notice is not out yet: provisional dates"
    ending = window_grid(dt.date(LAST_YEAR - 1, 7, 1), dt.date(LAST_YEAR, 6, 30), "mvno")
    starting = window_grid(dt.date(LAST_YEAR, 1, 1), dt.date(LAST_YEAR, 1, 31), "mvno")
    assert year_cells(ending, "en")["notice"] == year_cells(starting, "en")["notice"] == notice


def test_gantt_bars_by_hand_for_an_mvno_over_national_day():
    """MVNO (2/3/5), Fri 2024-09-27, worked by hand (off 10-01..07, make-up Sun 09-29, Sat
    10-12): day 1 is 09-27; review best 09-29..30, typical + 10-08, worst + 10-09, 10-10;
    confirmed 10-08 / 10-09 / 10-11; follow up on the next working day, Sat 10-12."""
    from cardguide.figures import DAY_MS, gantt_spec

    spec = gantt_spec(estimate(dt.date(2024, 9, 27), "mvno"), "en")
    user, spread, typical = spec["data"][:3]

    def bars(trace):
        return [(y, base, x // DAY_MS) for y, base, x in zip(trace["y"], trace["base"], trace["x"])]

    assert bars(user) == [(label, "2024-09-27", 1) for label in
                          ("Prepare materials", "Contact customer service", "Submit the application")]
    assert bars(typical) == [("First handling (about 24 h)", "2024-09-27", 1), ("Carrier review", "2024-09-29", 2),
                             ("Carrier review", "2024-10-08", 1), ("Carrier confirms", "2024-10-09", 1)]
    assert bars(spread) == [("First handling (about 24 h)", "2024-09-27", 1), ("Carrier review", "2024-09-29", 2),
                            ("Carrier review", "2024-10-08", 3), ("Carrier confirms", "2024-10-08", 2),
                            ("Carrier confirms", "2024-10-11", 1)]
    for trace in (user, spread, typical):  # horizontal bars whose hover says the stage and its days
        assert (trace["type"], trace["orientation"], trace["hoverinfo"], trace["textposition"]) == ("bar", "h", "text", "none")
        assert all(text.startswith(label + "<br>") for label, text in zip(trace["y"], trace["hovertext"]))
        assert 0 < trace["width"] <= 1  # a row's bars stay inside its row
    assert typical["width"] < spread["width"]  # the typical days show inside the best-to-worst spread
    assert "Sun, Sep 29 – Thu, Oct 10" in spread["hovertext"][1]
    # The axis: a day before day 1, and the follow-up line (end of Sat 10-12) inside the plot.
    first, last = spec["layout"]["xaxis"]["range"]
    assert first == "2024-09-26" and last > "2024-10-13"
    follow_up = [s for s in spec["layout"]["shapes"] if s["type"] == "line" and s["line"]["dash"] == "dot"]
    assert [s["x0"] for s in follow_up] == ["2024-10-13"]


def test_gantt_names_multi_day_holidays_and_make_up_days_above_the_plot():
    """New Year's Day 2025 is one day off (Wed 01-01): shaded, not named; 2024 National Day
    (10-01..07) is named over its middle, 10-04 at noon; make-up Sun 2024-09-29 is named too."""
    from cardguide.figures import gantt_spec

    national = gantt_spec(estimate(dt.date(2024, 9, 27), "mvno"), "en")["layout"]["annotations"]
    assert [(a["x"], a["text"]) for a in national][:2] == [("2024-10-04T12:00:00", "National Day"),
                                                            ("2024-09-29T12:00:00", "Make-up working day")]
    for note in national:
        assert (note["y"], note["yref"], note["yanchor"], note["showarrow"]) == (1.0, "paper", "bottom", False)
        assert note["font"]["size"] >= 12
    new_year = gantt_spec(estimate(dt.date(2024, 12, 30), "china-mobile"), "en")["layout"]
    assert new_year["annotations"] == []
    assert any(s["type"] == "rect" and s["x0"] == "2025-01-01" and s["x1"] == "2025-01-02" for s in new_year["shapes"])


def test_contrast_matches_published_wcag_ratios():
    """WebAIM's contrast checker: #767676 on white 4.54, blue 8.59, red 4.00, green on black
    15.3, black on white 21."""
    from cardguide.figures import contrast

    pairs = {("#767676", "#ffffff"): 4.54, ("#0000ff", "#ffffff"): 8.59, ("#ff0000", "#ffffff"): 4.00,
             ("#00ff00", "#000000"): 15.30, ("#000000", "#ffffff"): 21.00, ("#ffffff", "#0a0a0a"): 19.80}
    for (first, second), published in pairs.items():
        assert round(contrast(first, second), 2) == published, (first, second)
        assert contrast(second, first) == contrast(first, second)


def test_the_year_view_names_its_two_slowest_colours_in_words():
    """Worst cases 1..9 days fill the nine colours one by one, so the two slowest are 8 and 9."""
    from cardguide.figures import slowest_periods

    days = [dt.date(2024, 3, 1) + dt.timedelta(days=n) for n in range(10)]  # Fri 03-01 to Sun 03-10
    worst = [1, 8, 9, 7, 9, 1, 1, 8, 1, 2]
    assert slowest_periods(days, worst, "en") == [
        "Sat, Mar 2 – Sun, Mar 3: up to 9 days", "Tue, Mar 5: up to 9 days", "Fri, Mar 8: up to 8 days"]
    assert slowest_periods(days, worst, "zh")[1] == "3月5日（周二）：最慢需 9 天"
    assert slowest_periods(days, worst, "en", top=3)[0] == "Sat, Mar 2 – Tue, Mar 5: up to 9 days"


def test_the_twelve_month_window_places_its_months_by_hand():
    """Window Nov 2026 to Oct 2027, twelve month calendars: Sun 2026-11-01 (row 6), Tue Dec 1
    (row 1), Sun Aug 1 2027 and Sun Oct 31 2027 (row 6), Mon Aug 2 (row 0)."""
    from cardguide.figures import year_cells
    from cardguide.yeargrid import window_grid

    first, last = dt.date(2026, 11, 1), dt.date(2027, 10, 31)
    spec = year_cells(window_grid(first, last, "china-mobile"), "zh", deadline=first)
    rows = {c[0]: c[1] for c in spec["cells"]}
    assert [rows[d] for d in ("2026-11-01", "2026-12-01", "2027-08-01", "2027-08-02", "2027-10-31")] == [6, 1, 6, 0, 6]
    assert len(spec["months"]) == 12 and spec["months"][:3] == ["11月", "12月", "2027年1月"]
    assert spec["title"] == "2026年11月至2027年10月每天提交：最慢多少天办完（中国移动）"
    assert spec["deadline"] == "2026-11-01"  # a deadline on either end of the window is drawn
    assert year_cells(window_grid(first, last, "china-mobile"), "zh", deadline=last)["deadline"] == "2027-10-31"
    assert year_cells(window_grid(first, last, "china-mobile"), "zh", deadline=last + dt.timedelta(days=1))["deadline"] == ""


def test_holiday_names_in_a_provisional_year_carry_the_mark():
    from cardguide.figures import holiday_label

    assert holiday_label("National Day", dt.date(LAST_YEAR, 10, 1), "en") == "National Day (provisional)"
    assert holiday_label("国庆节", dt.date(LAST_YEAR, 10, 1), "zh") == "国庆节（暂定）"
    assert holiday_label("National Day", dt.date(2026, 10, 1), "en") == "National Day"


def test_the_chart_goes_out_in_the_viewers_language_with_no_link_to_plotly():
    from cardguide.texts import chart_figure

    figure = chart_figure(estimate(dt.date(2024, 9, 30), "china-mobile"), "en")
    assert figure["layout"]["title"]["text"] == "China Mobile · submitted Mon, Sep 30"
    assert figure["config"] == {"displaylogo": False, "showLink": False, "responsive": True, "displayModeBar": False}


def test_weekday_cells_and_colours_at_their_edges():
    """2023-01-01 is a Sunday (row 6) and Monday 01-02 row 0; 2025-01-01 and 2025-12-31 are
    Wednesdays (row 2). A year whose every day waits as long gets one colour."""
    from cardguide.figures import YL_OR_RD, colour_scale, year_cells
    from cardguide.yeargrid import year_grid

    rows = {c[0]: c[1] for year in (2023, 2025) for c in year_cells(year_grid(year, "china-mobile"), "en")["cells"]}
    assert (rows["2023-01-01"], rows["2023-01-02"], rows["2025-01-01"], rows["2025-12-31"]) == (6, 0, 2, 2)
    assert colour_scale(5, 5, 5) == YL_OR_RD[0] and colour_scale(9, 1, 9) == YL_OR_RD[-1]


def test_the_gantt_legend_matches_what_is_drawn_and_stages_read_top_down():
    """MVNO far from home, Fri 2024-09-27: done Wed 10-16 at best, Thu 10-31 at worst (the
    Chinese table of test_report), follow up Fri 11-01; a line marks the end of each day."""
    from cardguide.figures import DAY_MS, gantt_spec

    spec = gantt_spec(estimate(dt.date(2024, 9, 27), "mvno", remote=True), "en")
    layout, legend = spec["layout"], spec["data"][3:]
    assert layout["title"]["subtitle"]["text"] == (
        "Expected to be done between Wed, Oct 16 and Thu, Oct 31 (includes an assumed forwarding stage)")
    assert layout["yaxis"]["autorange"] == "reversed" and layout["yaxis"]["categoryorder"] == "array"
    assert layout["yaxis"]["categoryarray"] == [
        "Prepare materials", "Contact customer service", "Submit the application", "First handling (about 24 h)",
        "Forwarded to home province (assumption)", "Carrier review", "Carrier confirms"]
    assert (layout["xaxis"]["type"], layout["xaxis"]["dtick"]) == ("date", DAY_MS)
    lines = [s for s in layout["shapes"] if s["type"] == "line"]
    assert [(s["x0"], s["line"]["dash"]) for s in lines] == [("2024-10-17", "dash"), ("2024-11-01", "dash"),
                                                              ("2024-11-02", "dot")]
    for shape in lines:  # from the bottom of the plot to its top
        assert (shape["x1"], shape["y0"], shape["y1"], shape["yref"]) == (shape["x0"], 0, 1, "paper")
    done, follow, off, makeup = legend
    assert (done["name"], follow["name"]) == ("Done: Wed, Oct 16 – Thu, Oct 31", "Follow up: Fri, Nov 1")
    for item, shape in ((done, lines[0]), (follow, lines[2])):
        assert item["line"] == shape["line"] and item["mode"] == "lines"
    bands = {s["fillcolor"]: s["line"]["color"] for s in layout["shapes"] if s["type"] == "rect"}
    for item in (off, makeup):
        assert item["marker"]["symbol"] == "square" and bands[item["marker"]["color"]] == item["marker"]["line"]["color"]
    assert [item["name"] for item in (off, makeup)] == ["Weekend / holiday", "Make-up working day"]
    assert all(item["hoverinfo"] == "skip" and item["x"] == [None] for item in legend)  # legend entries only
    later = gantt_spec(estimate(dt.date(LAST_YEAR, 6, 1), "china-mobile"), "en")["layout"]["title"]["subtitle"]["text"]
    assert later.startswith("Expected to be done between ")
    assert later.endswith(f" ({LAST_YEAR} holiday notice not yet out: provisional calendar)")


def test_the_gantt_says_only_what_this_plan_has():
    """The typical bar's hover gives the typical days; no make-up legend without a make-up day
    (June 2026 has none); no forwarding assumption unless the plan is far from home."""
    from cardguide.figures import gantt_spec

    spec = gantt_spec(estimate(dt.date(2024, 9, 27), "china-mobile"), "en")
    typical = spec["data"][2]
    review = [text for label, text in zip(typical["y"], typical["hovertext"]) if label == "Carrier review"]
    assert review == ["Carrier review<br>Sun, Sep 29 – Mon, Sep 30"]  # typical 2 days; the worst runs to Tue 10-08
    june = gantt_spec(estimate(dt.date(2026, 6, 1), "mvno"), "en")
    assert [d["name"] for d in june["data"][3:]][-1] == "Weekend / holiday"
    assert "assum" not in june["layout"]["title"]["subtitle"]["text"]


def test_the_gantt_subtitle_names_both_provisional_years():
    est = estimate(dt.date(LAST_YEAR, 12, 29), "china-mobile")  # runs into January of the next year
    subtitle = gantt(est, "en").layout.title.subtitle.text
    assert subtitle.endswith(f" ({LAST_YEAR} and {LAST_YEAR + 1} holiday notice not yet out: provisional calendar)")
    assert gantt(est, "zh").layout.title.subtitle.text.endswith(f"（{LAST_YEAR}和{LAST_YEAR + 1} 年放假安排未公布，日历为暂定）")


def test_a_two_day_holiday_in_the_window_is_named_and_bands_span_the_plot():
    """Fri 2024-04-05: Qingming is off Thu 04-04 to Sat 04-06 and Sun 04-07 is worked (State
    Council notice for 2024), so the window opens on a two-day run of Qingming's days off."""
    fig = gantt(estimate(dt.date(2024, 4, 5), "china-mobile"), "en")
    named = {a.text: a.x for a in fig.layout.annotations}
    assert named == {"Tomb-Sweeping Day": "2024-04-06T00:00:00", "Make-up working day": "2024-04-07T12:00:00"}
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert ("2024-04-05", "2024-04-07") in [(s.x0, s.x1) for s in rects]  # Fri and Sat, to Sunday's start
    for band in rects:  # from the bottom of the plot to its top, whatever the rows
        assert (band.xref, band.yref, band.y0, band.y1) == ("x", "paper", 0, 1)
