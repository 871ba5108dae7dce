"""cardguide: when will cancelling a telemarketing SIM card (电销卡注销) actually be done?

The article's facts as data, China's working-day calendar, carrier profiles, the estimator,
and the figures of the explainer built on them. ``cardguide.Dashboard`` (``app.py``), the one
widget, is imported on first use: the domain never loads anywidget.
"""

from .article import article
from .carriers import Carrier, carriers, get_carrier
from .errors import CardguideError, DateOutOfRange, InvalidDate, ProfileError, UnknownCarrier
from .schedule import Estimate, Scenario, Stage, estimate
from .workdays import china_calendar, is_provisional

__all__ = [
    "Carrier", "CardguideError", "Dashboard", "DateOutOfRange", "Estimate", "InvalidDate", "ProfileError",
    "Scenario", "Stage", "UnknownCarrier", "article", "carriers", "china_calendar", "estimate",
    "get_carrier", "is_provisional",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name == "Dashboard":
        from .app import Dashboard

        return Dashboard
    raise AttributeError(f"module 'cardguide' has no attribute {name!r}")
