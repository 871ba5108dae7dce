"""``python -m cardguide``: the schedule on the command line, and the dashboard server.

Bad arguments print one line in the chosen language and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from .carriers import shorten
from .errors import CardguideError
from .i18n import t

class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print the usage block; one line is enough
        raise UsageError(message)


def _lang_of(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "zh"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m cardguide",
                     description=f'{t("serve.description", "zh")} / {t("serve.description", "en")}')
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    from .formats import COMMANDS, FORMATS

    plans = {"estimate": FORMATS["table"].help, **{f.name: f.help for f in COMMANDS}}
    def planning(name: str, help_text: str, day: tuple[str, str]) -> argparse.ArgumentParser:
        """A command about one plan: its day, the carrier and the viewer's assumptions."""
        plan = commands.add_parser(name, help=help_text)
        plan.add_argument(day[0], required=True, metavar="YYYY-MM-DD", help=day[1])
        plan.add_argument("--carrier", required=True, help="carrier id, e.g. china-mobile")
        plan.add_argument("--lang", choices=("zh", "en"), default="zh")
        plan.add_argument("--remote", action="store_true",
                          help="cancelling outside the number's home province (adds forwarding)")
        plan.add_argument("--review-days", metavar="B,T,W",
                          help="your own best,typical,worst review working days, e.g. 1,2,3")
        return plan

    submission = ("--date", "submission date")
    for name, help_text in plans.items():
        plan = planning(name, help_text, submission)
        if name in ("estimate", "ics"):  # the outputs that list what to bring
            plan.add_argument("--holder", metavar="HOLDER", default="personal",
                              help="whose name the card is in, for the checklist: personal (default), company, "
                                   "reseller (a reseller's, or you do not know) or iot; the timeline is the same")
        if name == "estimate":
            plan.add_argument("--json", action="store_true", help="print JSON instead of a table")
        else:
            plan.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    where = planning("status", "where a request submitted on --date stands today: the phase, the working day, what to do",
                     submission)
    where.add_argument("--today", metavar="YYYY-MM-DD", help="the day to read it on (default: today in Beijing)")
    where.add_argument("--json", action="store_true", help="print JSON instead of sentences")
    latest = planning("latest", "the latest day to submit to be done by a deadline",
                      ("--by", "the day it must be cancelled by"))
    latest.add_argument("--json", action="store_true", help="print JSON instead of a table")
    latest.add_argument("--today", metavar="YYYY-MM-DD",
                        help="count from this day instead of today in Beijing (for planning ahead)")
    serve = commands.add_parser("serve", help="serve the dashboard with Voilà")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--notebook", help="the dashboard notebook to serve (default: the packaged one)")
    serve.add_argument("--ip", metavar="ADDRESS", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)")
    serve.add_argument("--base-url", metavar="PREFIX", default="/",
                       help="the path prefix a proxy forwards, e.g. /cardguide/ (default /)")
    serve.add_argument("--pool-size", metavar="N", type=int, default=None,
                       help="kernels preheated for arriving viewers (default 1; 0 for none)")
    serve.add_argument("--max-kernels", metavar="N", type=int, default=None,
                       help="kernels held at most, pool included; beyond it a new reader gets the reader's page "
                            "(default: from this machine's memory, (M - 2 GiB) / 150 MiB)")
    serve.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of this command's messages")
    site = commands.add_parser("site", help="write the reader's page as static files (any web host or CDN)")
    site.add_argument("out_dir", metavar="OUT_DIR")
    site.add_argument("--app-url", metavar="URL", help="a link to the live Voilà app, shown on the page")
    site.add_argument("--built", metavar="YYYY-MM-DD", help="the day the page's static answer is for (default: today in Beijing)")
    site.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of this command's messages")
    develop = commands.add_parser("develop", help="link the Voilà template into this environment (editable installs)")
    develop.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of this command's messages")
    return parser


def _carrier(args):
    from .carriers import get_carrier, parse_review_days

    carrier = get_carrier(args.carrier)
    if args.review_days is not None:
        carrier = carrier.with_review_days(parse_review_days(args.review_days))
    return carrier


def _estimate(args):
    from .schedule import estimate, parse_date

    return estimate(parse_date(args.date), _carrier(args), remote=args.remote)


def _latest(args) -> bytes:
    from .deadline import latest_submission
    from .report import latest_dict, latest_table
    from .schedule import parse_date
    from .workdays import beijing_today

    today = parse_date(args.today) if args.today else beijing_today()
    latest = latest_submission(parse_date(args.by), _carrier(args), remote=args.remote, today=today)
    if args.json:
        return (json.dumps(latest_dict(latest, args.lang), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return (latest_table(latest, args.lang, today=today) + "\n").encode("utf-8")


def _status(args) -> bytes:
    """Where the request stands: the page's sentences, or the status as JSON (ISO dates)."""
    from .i18n import long_date
    from .plan import viewer_today
    from .schedule import parse_date
    from .status import status
    from .texts import status_lines

    today = parse_date(args.today) if args.today else viewer_today()
    est = _estimate(args)
    st = status(est, today)
    if args.json:
        iso = lambda day: day.isoformat() if day else None  # noqa: E731
        data = {"submitted": iso(est.submitted), "carrier": est.carrier.id, "today": iso(st.today), "phase": st.phase,
                "day1": iso(st.day1), "working_day": st.working_day, "of": st.of,
                "done_earliest": iso(st.done_earliest), "done_latest": iso(st.done_latest),
                "follow_up": iso(st.follow_up), "appeal_from": iso(st.appeal_from)}
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    lines = status_lines(st, args.lang) or [t("status.not_yet", args.lang, today=long_date(today, args.lang),
                                              date=long_date(est.submitted, args.lang))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _render(args) -> bytes:
    from .formats import FORMATS

    if args.command == "latest":
        return _latest(args)
    if args.command == "status":
        return _status(args)
    from .article import get_holder

    holder = get_holder(getattr(args, "holder", "personal"))
    if args.command == "estimate":
        return FORMATS["json" if args.json else "table"].file(_estimate(args), args.lang, holder=holder)
    return FORMATS[args.command].file(_estimate(args), args.lang, holder=holder)


def _write(data: bytes, path: str | None, lang: str) -> None:
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        with open(path, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise CardguideError.of("cannot_write", path=shorten(path), reason=exc.strerror) from None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    try:
        args = build_parser().parse_args(argv)
        from .workdays import NOTICE_ERROR

        if NOTICE_ERROR is not None and args.command != "develop":
            raise NOTICE_ERROR  # a bad holiday notice file: no answer, and no server, rests on half of them
        if args.command == "serve":
            from .serve import serve

            return serve(port=args.port, notebook=args.notebook, lang=args.lang, ip=args.ip,
                         base_url=args.base_url, pool_size=args.pool_size, max_kernels=args.max_kernels)
        if args.command == "site":
            from .schedule import parse_date
            from .site import write_site

            built = parse_date(args.built) if args.built else None
            print(t("reader.written", args.lang, path=write_site(args.out_dir, built=built, app_url=args.app_url)))
            return 0
        if args.command == "develop":
            from .serve import develop

            print(t("serve.developed", args.lang, path=develop()))
            return 0
        _write(_render(args), getattr(args, "output", None), args.lang)
    except UsageError as exc:
        detail = t("errors.usage", lang, detail=exc)
        print(t("cli.error", lang, message=detail), file=sys.stderr)
        return 2
    except CardguideError as exc:
        print(t("cli.error", lang, message=exc.message(lang)), file=sys.stderr)
        return 2
    return 0
