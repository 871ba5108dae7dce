"""``python -m cardguide`` as a user runs it."""

import json
import sys

import pytest

from conftest import run_cli


def test_table_for_a_known_case():
    out = run_cli("estimate", "--date", "2024-09-30", "--carrier", "china-mobile", process=True)  # python -m cardguide
    assert out.returncode == 0, out.stderr.decode()
    text = out.stdout.decode()
    assert text.startswith("中国移动 · 2024年9月30日（星期一）提交")
    completion = next(line for line in text.splitlines() if line.startswith("完成日期"))
    assert completion.split()[1:] == ["10月9日（周三）", "10月10日（周四）", "10月11日（周五）"]
    assert "2024年10月12日（星期六）" in text and "10086" in text
    basis = text.splitlines()[1]  # the carrier's basis is labelled once, never also a source
    assert "依据：文章。" in basis and "来源" not in basis


def test_english_table():
    out = run_cli("estimate", "--date", "2024-09-30", "--carrier", "mvno", "--lang", "en")
    text = out.stdout.decode()
    assert out.returncode == 0
    assert "Completion" in text and "Thu, Oct 10" in text and "Mon, Oct 14" in text
    assert "assumption" in text


def test_json_for_a_known_case():
    out = run_cli("estimate", "--date", "2024-09-27", "--carrier", "china-unicom", "--json")
    data = json.loads(out.stdout)
    assert [data["scenarios"][k]["completion"] for k in ("best", "typical", "worst")] == [
        "2024-09-30", "2024-10-08", "2024-10-09"]
    assert data["follow_up"] == "2024-10-10"
    assert data["scenarios"]["worst"]["stages"][4]["days"] == ["2024-09-29", "2024-09-30", "2024-10-08"]
    assert data["carrier"]["name"] == "中国联通" and data["provisional"] is False


@pytest.mark.parametrize(
    "args, lang_word",
    [
        (["estimate", "--date", "2024-09-30", "--carrier", "nope"], "未知的运营商"),
        (["estimate", "--date", "2024-02-30", "--carrier", "mvno"], "不是有效日期"),
        (["estimate", "--date", "30/09/2024", "--carrier", "mvno"], "不是有效日期"),
        (["estimate", "--date", "1999-01-01", "--carrier", "mvno"], "只能估算"),
        (["estimate", "--date", "9999-01-01", "--carrier", "mvno"], "只能估算"),
        (["estimate", "--date", "", "--carrier", "mvno"], "不是有效日期"),
        (["estimate", "--date", "2024-09-30", "--carrier", "x" * 10000], "未知的运营商"),
        (["estimate", "--carrier", "mvno"], "参数有误"),
        (["estimate", "--date", "2024-09-30", "--carrier", "mvno", "--lang", "fr"], "参数有误"),
        (["frobnicate"], "参数有误"),
        ([], "参数有误"),
        (["serve", "--port", "eighty"], "参数有误"),
        (["serve", "--ip", "example.com"], "监听地址 example.com 无效"),
        (["serve", "--ip", "127.0.0.256"], "监听地址 127.0.0.256 无效"),
        (["serve", "--base-url", "/a b/"], "路径前缀 /a b/ 无效"),
        (["serve", "--base-url", "/x/../y/"], "路径前缀 /x/../y/ 无效"),
        (["serve", "--base-url", "http://host/x/", "--lang", "en"], "Path prefix http://host/x/ is invalid"),
        (["serve", "--pool-size", "-1"], "预热内核数 -1 无效"),
        (["serve", "--pool-size", "33", "--lang", "en"], "Pool size 33 is invalid: use 0 to 32"),
        (["serve", "--pool-size", "two"], "参数有误"),
        (["estimate", "--date", "2024-09-30", "--carrier", "nope", "--lang", "en"], "Unknown carrier"),
    ],
)
def test_bad_arguments_one_line_exit_2(args, lang_word):
    out = run_cli(*args)
    err = out.stderr.decode()
    assert out.returncode == 2
    assert lang_word in err
    assert len(err.strip().splitlines()) == 1 and len(err) < 400
    assert "Traceback" not in err and out.stdout == b""


def test_broken_profile_file_is_exit_2(tmp_path):
    bad = tmp_path / "carriers.toml"
    bad.write_text("[[carrier]]\nid = 'a'\nname = {zh='甲', en='A'}\nreview_days = [3, 2, 1]\n")
    out = run_cli("estimate", "--date", "2024-09-30", "--carrier", "a", env={"CARDGUIDE_CARRIERS": str(bad)})
    assert out.returncode == 2 and "1 ≤ 最快 ≤ 典型 ≤ 最慢" in out.stderr.decode()


def test_ics_to_standard_output_and_to_a_file(tmp_path):
    import icalendar

    out = run_cli("ics", "--date", "2024-09-30", "--carrier", "china-mobile", "--lang", "en")
    assert out.returncode == 0, out.stderr.decode()
    cal = icalendar.Calendar.from_ical(out.stdout)
    window = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("window")][0]
    assert window.decoded("dtstart").isoformat() == "2024-10-09"
    target = tmp_path / "plan.ics"
    out = run_cli("ics", "--date", "2024-09-30", "--carrier", "china-mobile", "-o", str(target))
    assert out.returncode == 0 and out.stdout == b""
    assert b"SUMMARY:" in target.read_bytes() and "中国移动".encode() in target.read_bytes()


def test_csv_with_remote_and_own_review_days(tmp_path):
    target = tmp_path / "plan.csv"
    out = run_cli("csv", "--date", "2024-09-30", "--carrier", "china-telecom", "--remote",
                  "--review-days", "2,3,4", "--lang", "en", "--output", str(target))
    assert out.returncode == 0, out.stderr.decode()
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # a byte-order mark, as the download: Excel reads UTF-8
    rows = target.read_text("utf-8-sig").splitlines()
    assert rows[0] == "scenario,stage,by,first day,last day,working days,dates"
    worst = [r for r in rows if r.startswith("Worst,Carrier confirms")][0]
    # Day 1 is 09-30; forwarding 15 + review 4 + confirmation = the 20th working day after it,
    # counting 10-08..10-12 (Saturday 10-12 is a make-up day), 10-14..18, 10-21..25, 10-28..11-01.
    assert worst.split(",")[4] == "2024-11-01"


@pytest.mark.parametrize("args, message", [
    (["--review-days", "3,2,1"], "1 ≤ 最快 ≤ 典型 ≤ 最慢"),
    (["--review-days", "1,x,3"], "“x” 不是整数"),
    (["--review-days", "1,2"], "三个整数"),
    (["-o", "/nonexistent-dir/plan.ics"], "无法写入文件"),
])
def test_bad_plan_arguments_exit_2_with_one_line(args, message):
    out = run_cli("ics", "--date", "2024-09-30", "--carrier", "china-mobile", *args)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("content, message", [
    (None, "找不到仪表盘笔记本"),
    ("{not json", "无法读取"),
    ('{"cells": 5}', "无法读取"),
])
def test_serve_with_a_missing_or_broken_notebook_says_so(tmp_path, content, message):
    notebook = tmp_path / "dashboard.ipynb"
    if content is not None:
        notebook.write_text(content)
    out = run_cli("serve", "--notebook", str(notebook), "--port", "1")
    err = out.stderr.decode()
    assert out.returncode == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def kernelspec(folder, argv: list[str]):
    """A ``python3`` kernelspec in ``folder`` (put first on the server's Jupyter path)."""
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "Python 3", "language": "python"}))
    return str(folder)


@pytest.mark.slow  # starts a kernel
@pytest.mark.parametrize("lang, argv, words", [
    ("en", ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
     ['No kernel can start for the dashboard: kernel "python3"', "runs /nonexistent/python3, which is missing",
      "Remove that folder, or reinstall:", "-m pip install ipykernel"]),
    ("zh", ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
     ["无法为仪表盘启动内核：内核 “python3”", "要运行的程序 /nonexistent/python3 不存在", "-m pip install ipykernel"]),
    ("en", ["/bin/false", "{connection_file}"],
     ['The dashboard\'s kernel "python3" did not start: Kernel died before replying to kernel_info.',
      "-m jupyter kernelspec list", "-m pip install ipykernel"]),
], ids=["missing-en", "missing-zh", "dies-en"])
def test_serve_exits_2_when_no_kernel_can_start(tmp_path, lang, argv, words):
    """Before Voilà starts: one line saying what is missing and how to install it, no server."""
    out = run_cli("serve", "--port", "1", "--lang", lang, env={"JUPYTER_PATH": kernelspec(tmp_path, argv)})
    err = out.stderr.decode()
    assert out.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert all(w in err for w in words), err
    assert out.stdout.decode() == ""  # no "listening" line: nothing was started


def test_no_kernel_for_the_notebooks_language_names_the_install(monkeypatch):
    """A new environment without ipykernel has no Python kernelspec at all (jupyter_client adds
    the native one only when ipykernel imports): the message says which package to install."""
    from jupyter_client.kernelspec import KernelSpecManager

    from cardguide.serve import notebook_path
    from cardguide.voila_adapter.kernels import kernel_problem

    monkeypatch.setattr(KernelSpecManager, "get_all_specs", lambda self: {})
    problem = kernel_problem(notebook_path())
    assert problem.message("en") == ("No kernel can start for the dashboard: this environment has no Jupyter kernel "
                                     f"for Python. Install one: {sys.executable} -m pip install ipykernel")
    assert problem.message("zh").startswith("无法为仪表盘启动内核：此环境没有 Python 的 Jupyter 内核。")


@pytest.mark.slow  # starts a kernel
def test_the_installed_kernel_passes_the_check():
    from cardguide.serve import notebook_path
    from cardguide.voila_adapter.kernels import kernel_problem

    assert kernel_problem(notebook_path()) is None
