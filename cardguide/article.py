"""The source article as data: one place that the notebooks, the app, the CLI and tests read."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

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


def checklist_items(lang: str = "zh") -> list[str]:
    """The things to check before applying: ``材料已备齐（身份证件…）``."""
    return [t("app.with_detail", lang, text=text(item["text"], lang), detail=text(item["detail"], lang))
            for item in article()["process"]["checklist"]]


@lru_cache(maxsize=1)
def article() -> Article:
    raw = resources.files("cardguide").joinpath("data/article.toml").read_text("utf-8")
    return Article(tomllib.loads(raw))


@lru_cache(maxsize=1)
def context() -> dict:
    """Facts the article lacks (``data/context.toml``), each with its source and date."""
    raw = resources.files("cardguide").joinpath("data/context.toml").read_text("utf-8")
    return tomllib.loads(raw)
