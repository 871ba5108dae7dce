"""The security headers every page of cardguide's is sent with, in one place: the Voilà page and
every other response of ``cardguide serve`` (``voila_adapter.app.SecurityHeaders``), the reader's
page's ``<meta http-equiv>`` (``site.py``, so any static host enforces it) and the nginx recipe
(``deploy/nginx.conf``, which a test holds equal to these).

A strict Content-Security-Policy: nothing but this server's own files (``default-src 'none'``),
no inline script or style and no eval, so injected markup can run nothing. The reader's page
also requires Trusted Types: the module writes HTML only through its one policy (``cardguide``).
"""

from __future__ import annotations

#: Every response: no MIME sniffing, no referrer beyond this origin, a window and resources of
#: its own origin only (HSTS is the TLS front's: deploy/nginx.conf).
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

#: The Trusted Types policies a page may create: the module's, and on the live page plotly.js's
#: narrow default (reader.js: it passes only the SVG plotly.js builds itself).
MODULE_POLICY = "cardguide"


def voila_front_end_policy(*, websocket: str | None = None) -> str:
    """The policy of a page drawn by Voilà's own front end (``serve --notebook`` with widgets
    cardguide's page cannot host: the ``cardguide-widgets`` template). That front end runs inline
    scripts, writes inline styles and compiles JSON schemas with ``new Function`` (ajv), so it
    cannot be strict, and anywidget imports a widget's module from a ``blob:`` address of the page;
    it is still held to this server alone: no other host, no framing, no base."""
    connect = " ".join(filter(None, ("'self'", websocket)))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {connect}",
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def content_security_policy(*, websocket: str | None = None, meta: bool = False, plotly: bool = False) -> str:
    """The page's policy. ``websocket``: the kernel's websocket origin (``wss://host``), named
    since Safari 12's CSP does not count ``ws:``/``wss:`` as ``'self'``. ``meta``: the policy as a
    ``<meta http-equiv>`` carries it (``frame-ancestors`` is ignored there, so it is left out).
    ``plotly``: the page draws the kernel's Plotly Gantt (its default Trusted Types policy)."""
    connect = " ".join(filter(None, ("'self'", websocket)))
    policies = " ".join((MODULE_POLICY, "default") if plotly else (MODULE_POLICY,))
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src {connect}",
        "manifest-src 'self'",
        "worker-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        *(() if meta else ("frame-ancestors 'none'",)),
        "require-trusted-types-for 'script'",
        f"trusted-types {policies}",
    ]
    return "; ".join(directives)
