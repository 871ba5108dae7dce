"""The source article as data: one place that the notebooks, the app, the CLI and tests read."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from .errors import CardguideError
from .i18n import t

SECTIONS = ("definition", "reasons", "process", "timing", "precautions", "faq")
LANGS = ("zh", "en")


class Article:
    """The parsed ``data/article.toml``; text entries are ``{"zh": ..., "en": ...}`` tables."""

    def __init__(self, data: dict):
        self.data = data

    def __getitem__(self, section: str) -> dict:
        return self.data[section]

    def stage_label(self, key: str) -> dict[str, str]:
        if key == "forward":  # not the article's: cancelling outside the home province
            return context()["remote"]["stage"]
        return self.data["stages"][key]


def text(entry: dict, lang: str = "zh") -> str:
    """The entry's text in ``lang``; Chinese is the source language and the fallback."""
    return entry.get(lang) or entry["zh"]


def checklist_entries(holder: str = "personal") -> list[dict]:
    """The checklist for whoever holds the card (``context.toml``'s ``[[holders]]``): the
    holder's own items, then the article's items it names. Each is ``{id, text, detail}``."""
    data = holder_data(holder)
    article_items = {item["id"]: item for item in article()["process"]["checklist"]}
    return [*data.get("items", []), *(article_items[key] for key in data["article_items"])]


def checklist_items(lang: str = "zh", holder: str = "personal") -> list[str]:
    """The things to check before applying: ``材料已备齐（身份证件…）``; for a card not in the
    reader's own name, the holder's list (``holder``: ``personal``, ``company``, ``reseller``,
    ``iot``)."""
    return [t("app.with_detail", lang, text=text(item["text"], lang), detail=text(item["detail"], lang))
            for item in checklist_entries(holder)]


def holders() -> tuple[str, ...]:
    """The holders' ids in the order the choice shows them; the first is the default."""
    return tuple(h["id"] for h in context()["holders"])


def holder_data(holder: str) -> dict:
    """One holder's entry in ``context.toml`` (``get_holder`` checks untrusted input first)."""
    return next(h for h in context()["holders"] if h["id"] == holder)


def get_holder(value) -> str:
    """``value`` if it names a holder, else the error that lists them (bad input)."""
    if isinstance(value, str) and value in holders():
        return value
    from .carriers import shorten

    raise CardguideError.of("unknown_holder", value=shorten(str(value)), known=", ".join(holders()))


def holder_notes(holder: str, lang: str = "zh") -> list[tuple[str, str]]:
    """What the holder's list rests on: ``(statement, "来源：…")`` pairs, each statement saying
    in its first words whether it is a rule, only practice or nothing official."""
    return [(text(n["text"], lang), t("app.fact_source", lang, source=text(n["source"], lang)))
            for n in holder_data(holder)["notes"]]


@lru_cache(maxsize=1)
def article() -> Article:
    raw = resources.files("cardguide").joinpath("data/article.toml").read_text("utf-8")
    return Article(tomllib.loads(raw))


@lru_cache(maxsize=1)
def context() -> dict:
    """Facts the article lacks (``data/context.toml``), each with its source and date."""
    raw = resources.files("cardguide").joinpath("data/context.toml").read_text("utf-8")
    return tomllib.loads(raw)
