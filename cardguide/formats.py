"""Every way an answer leaves cardguide, in one table: what the CLI writes, and what the
dashboard's and the reader's page's download links give.

A new format is one row here (and its writer); the CLI's command, the dashboard's link and the
reader's link (through the bundle's ``downloads``) follow from it. The reader's page writes the
files in the browser from the bundle (``reader/timeline.js``), so a downloadable format also
needs its writer there, and a parity test.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable

from .schedule import Estimate


@dataclass(frozen=True)
class Format:
    """One output: its name (the file's suffix), what the CLI says of it, its media type, its
    writer, and the ui.toml key of its download link (empty: the CLI's only)."""

    name: str
    help: str
    media_type: str
    write: Callable[..., bytes]
    download: str = ""
    #: A UTF-8 byte-order mark first, so that Excel reads the file as UTF-8.
    bom: bool = False

    def file(self, est: Estimate, lang: str, deadline: dt.date | None = None, holder: str = "personal",
             today: dt.date | None = None) -> bytes:
        """The file's bytes, the byte-order mark first when ``bom`` (as ``timeline.writeFile``);
        ``holder``, whose name the card is in, for the formats that list what to bring."""
        return ("\ufeff".encode("utf-8") if self.bom else b"") + self.write(est, lang, deadline, holder=holder, today=today)


def _table(est: Estimate, lang: str, deadline: dt.date | None = None, holder: str = "personal", today=None) -> bytes:
    from .report import as_table

    return (as_table(est, lang, holder) + "\n").encode("utf-8")


def _json(est: Estimate, lang: str, deadline: dt.date | None = None, holder: str = "personal", today=None) -> bytes:
    from .report import as_dict

    return (json.dumps(as_dict(est, lang), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _ics(est: Estimate, lang: str, deadline: dt.date | None = None, holder: str = "personal", today=None) -> bytes:
    """``today``: the reader's day, for a past submission's appeal date when late (``export.to_ics``)."""
    from .export import to_ics

    return to_ics(est, lang, deadline=deadline, holder=holder, today=today)


def _csv(est: Estimate, lang: str, deadline: dt.date | None = None, holder: str = "personal", today=None) -> bytes:
    from .export import to_csv

    return to_csv(est, lang).encode("utf-8")


#: name -> Format. ``estimate`` prints ``table`` (``--json``: ``json``); the others are commands.
FORMATS = {f.name: f for f in (
    Format("table", "print the dated schedule", "text/plain;charset=utf-8", _table),
    Format("json", "print the dated schedule as JSON", "application/json", _json),
    Format("ics", "write the plan as an iCalendar file (standard output, or -o FILE)", "text/calendar;charset=utf-8",
           _ics, download="controls.download_ics"),
    Format("csv", "write the stages as CSV (standard output, or -o FILE)", "text/csv;charset=utf-8", _csv,
           download="controls.download_csv", bom=True),
)}
#: The formats a reader downloads, in the order their links show.
DOWNLOADS = tuple(f for f in FORMATS.values() if f.download)
#: The formats that are CLI commands of their own (``estimate`` writes the others).
COMMANDS = tuple(f for f in FORMATS.values() if f.name not in ("table", "json"))

