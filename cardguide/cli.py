"""``python -m cardguide``: the schedule on the command line, and the dashboard server.

Bad arguments print one line in the chosen language and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import CardguideError
from .i18n import t

USAGE_ERRORS = {
    "zh": "参数有误：{detail}（用 --help 查看用法）",
    "en": "bad arguments: {detail} (see --help)",
}


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
    parser = _Parser(prog="python -m cardguide", description="电销卡注销时间估算 / telemarketing-card cancellation planner")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    est = commands.add_parser("estimate", help="print the dated schedule")
    est.add_argument("--date", required=True, help="submission date, YYYY-MM-DD")
    est.add_argument("--carrier", required=True, help="carrier id, e.g. china-mobile")
    est.add_argument("--lang", choices=("zh", "en"), default="zh")
    est.add_argument("--json", action="store_true", help="print JSON instead of a table")
    serve = commands.add_parser("serve", help="serve the dashboard with Voilà")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--lang", choices=("zh", "en"), default="zh")
    return parser


def _estimate(args) -> str:
    from .report import as_dict, as_table
    from .schedule import estimate, parse_date

    est = estimate(parse_date(args.date), args.carrier)
    if args.json:
        return json.dumps(as_dict(est, args.lang), ensure_ascii=False, indent=2)
    return as_table(est, args.lang)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "serve":
            from .serve import serve

            return serve(port=args.port)
        print(_estimate(args))
    except UsageError as exc:
        detail = USAGE_ERRORS[lang].format(detail=exc)
        print(t("cli.error", lang, message=detail), file=sys.stderr)
        return 2
    except CardguideError as exc:
        print(t("cli.error", lang, message=exc.message(lang)), file=sys.stderr)
        return 2
    return 0
