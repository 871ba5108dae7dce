"""Carrier profiles: names, hotline and review working days, each with its source.

The profiles are data (``data/carriers.toml``). Point ``CARDGUIDE_CARRIERS`` at a TOML file of
the same shape to use your own; it is validated and a bad file is reported, never half-used.
"""

from __future__ import annotations

import os
import re
import tomllib
import dataclasses
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import ProfileError, UnknownCarrier
from .i18n import t

ENV_VAR = "CARDGUIDE_CARRIERS"
#: Longest review anyone may assume, in working days: a sane bound, 10x the article's worst.
MAX_REVIEW_DAYS = 30
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def shorten(text: object, limit: int = 40) -> str:
    """Bad input echoed back in a message stays short and printable."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_review_days(value: object) -> tuple[int, int, int]:
    """(best, typical, worst) whole working days with 1 <= best <= typical <= worst <= bound."""
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 3
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ProfileError.of("review_not_three", value=shorten(value))
    best, typical, worst = value
    if not 1 <= best <= typical <= worst <= MAX_REVIEW_DAYS:
        raise ProfileError.of("review_order", bound=MAX_REVIEW_DAYS, best=best, typical=typical, worst=worst)
    return (best, typical, worst)


def parse_review_days(value: str | list[str] | tuple[str, ...]) -> tuple[int, int, int]:
    """The user's own review days, typed as ``"1,2,3"`` or as three separate fields."""
    parts = value.replace("\uff0c", ",").split(",") if isinstance(value, str) else list(value)  # "，" too
    numbers = []
    for part in parts:
        part = str(part).strip()
        if not (part.isascii() and part.isdigit() and len(part) <= 4):
            raise ProfileError.of("review_not_whole", value=shorten(part) or {
                "zh": t("errors.empty", "zh"), "en": ""})
        numbers.append(int(part))
    return check_review_days(numbers)


@dataclass(frozen=True)
class Carrier:
    """A carrier and how many working days its review takes (best, typical, worst)."""

    id: str
    review_days: tuple[int, int, int]
    name_zh: str = ""
    name_en: str = ""
    hotline: str = ""
    #: True when the review days come from no solid source: the UI labels them so.
    assumption: bool = True
    #: The basis of the numbers in words, without a label ("依据：" is added where shown).
    source_zh: str = ""
    source_en: str = ""
    #: Cancelling outside the home province adds a forwarding stage (an assumption; not for
    #: China Unicom, which the 2019 report saw cancel at the counter on the spot).
    remote_forwarding: bool = True
    #: The name as it reads inside an English sentence ("an MVNO (virtual operator)").
    phrase_en: str = ""
    #: The name under the carrier slider's stop, where five names share a 320 px row ("Broadnet").
    short_zh: str = ""
    short_en: str = ""
    #: True when the review days are the user's own, set in the app or on the command line.
    own: bool = False
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise ProfileError.of("carrier_id", value=shorten(self.id))
        object.__setattr__(self, "review_days", check_review_days(self.review_days))
        object.__setattr__(self, "name_zh", self.name_zh or self.id)
        object.__setattr__(self, "name_en", self.name_en or self.id)
        object.__setattr__(self, "phrase_en", self.phrase_en or self.name_en)
        object.__setattr__(self, "short_zh", self.short_zh or self.name_zh)
        object.__setattr__(self, "short_en", self.short_en or self.name_en)

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def phrase(self, lang: str = "zh") -> str:
        """The name inside a sentence: ``an MVNO (virtual operator)``."""
        return self.phrase_en if lang == "en" else self.name_zh

    def short(self, lang: str = "zh") -> str:
        """The name under the slider's stop: short, as five share a phone's row."""
        return self.short_en if lang == "en" else self.short_zh

    def source(self, lang: str = "zh") -> str:
        return self.source_en if lang == "en" else self.source_zh

    @property
    def basis(self) -> str:
        """Where the review days come from: ``article``, ``assumption`` or ``own``."""
        return "own" if self.own else "assumption" if self.assumption else "article"

    def with_review_days(self, review_days) -> Carrier:
        """The same carrier under the user's own assumption."""
        original = "/".join(map(str, self.review_days))
        return dataclasses.replace(
            self, review_days=tuple(review_days), assumption=True, own=True,
            source_zh=t("basis.own_source", "zh", carrier=self.name_zh, original=original),
            source_en=t("basis.own_source", "en", carrier=self.name_en, original=original),
        )


def _text(entry: dict, key: str) -> tuple[str, str]:
    value = entry.get(key)
    if not (isinstance(value, dict) and isinstance(value.get("zh"), str) and isinstance(value.get("en"), str)):
        raise ProfileError.of("field_text", field=key)
    return value["zh"], value["en"]


def parse_profiles(data: dict, origin: str) -> dict[str, Carrier]:
    """Carriers from parsed TOML, checked entry by entry."""
    entries = data.get("carrier")
    if not isinstance(entries, list) or not entries:
        raise ProfileError.of("no_carriers", origin=origin)
    carriers: dict[str, Carrier] = {}
    for number, entry in enumerate(entries, start=1):
        where = ProfileError.of("carrier_number", origin=origin, number=number)
        try:
            missing = [k for k in ("id", "name", "review_days") if k not in entry]
            if missing:
                raise ProfileError.of("missing_field", fields=", ".join(missing))
            name_zh, name_en = _text(entry, "name")
            source = _text(entry, "source") if "source" in entry else (
                t("errors.no_source", "zh"), t("errors.no_source", "en"))
            hotline, assumption = entry.get("hotline", ""), entry.get("assumption", True)
            forwarding = entry.get("remote_forwarding", True)
            if not isinstance(hotline, str) or not all(isinstance(v, bool) for v in (assumption, forwarding)):
                raise ProfileError.of("field_types")
            phrase = _text(entry, "phrase")[1] if "phrase" in entry else ""
            short = _text(entry, "short") if "short" in entry else ("", "")
            carrier = Carrier(
                id=entry["id"], review_days=entry["review_days"], name_zh=name_zh, name_en=name_en,
                hotline=hotline, assumption=assumption, source_zh=source[0], source_en=source[1],
                remote_forwarding=forwarding, phrase_en=phrase, short_zh=short[0], short_en=short[1],
            )
        except ProfileError as exc:
            raise ProfileError.of("in_entry", where=where, message=exc) from None
        if carrier.id in carriers:
            raise ProfileError.of("in_entry", where=where, message=ProfileError.of("duplicate_id", value=carrier.id))
        carriers[carrier.id] = carrier
    return carriers


def load_profiles(path: str | os.PathLike | None = None) -> dict[str, Carrier]:
    """Profiles from ``path``, else from ``$CARDGUIDE_CARRIERS``, else the packaged defaults."""
    path = path or os.environ.get(ENV_VAR) or None
    if path is None:
        text = resources.files("cardguide").joinpath("data/carriers.toml").read_text("utf-8")
        return parse_profiles(tomllib.loads(text), "carriers.toml")
    origin = shorten(Path(path).name)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ProfileError.of("unreadable_file", path=shorten(path, 80), reason=exc.strerror or exc) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError.of("not_utf8", origin=origin) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError.of("not_toml", origin=origin, reason=exc) from None
    return parse_profiles(data, origin)


def carriers() -> dict[str, Carrier]:
    """The profiles in use, in display order (re-read so a changed file is picked up)."""
    return load_profiles()


def get_carrier(carrier: str | Carrier, profiles: dict[str, Carrier] | None = None) -> Carrier:
    if isinstance(carrier, Carrier):
        return carrier
    profiles = carriers() if profiles is None else profiles
    if isinstance(carrier, str) and carrier in profiles:
        return profiles[carrier]
    known = ", ".join(profiles)
    raise UnknownCarrier.of("unknown_carrier", value=shorten(carrier), known=known)
