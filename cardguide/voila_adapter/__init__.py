"""Everything in cardguide that leans on Voilà's, jupyter_server's or jupyter_client's insides.

Nothing outside this subpackage imports those projects (``tests/test_structure.py`` holds it
so), and ``upstream_changes`` names, in plain words, each inside this code relies on that the
installed versions no longer have: ``tests/test_voila_adapter.py`` fails with its message, so an
upgrade of Voilà (pinned ``<0.6``) tells what to mend instead of silently doing nothing.

- ``app``: ``CardguideVoila`` (Voilà with compressed, cached static files and the reader's page
  beside it), ``FirstPaintHandler`` (the page with this request's first paint, or the reader's
  page beyond the bound of kernels);
- ``kernels``: ``PoolAwareKernelManager`` (Voilà's preheated pool without its hang, its refills
  staggered, the kernels bounded);
- ``preheat``: a pooled kernel waits for its viewer's request, speaking Voilà's protocol without
  importing Voilà's server;
- ``channels``: ``SlicedKernelClient``, the kernel client Voilà's executor reads replies with,
  whose waits with no end poll again every second (a reply whose wake-up was lost is still read);
- ``WIDGETS_TEMPLATE`` (``templates/cardguide-widgets``): Voilà's own lab template without
  its CDN links, for a notebook that shows other widgets than the dashboard (``kernels.first_run``
  runs the notebook once at start-up and names them);
- the template (``cardguide/jupyter/voila/templates/cardguide/index.html.j2``) is a page of its
  own over nbconvert's lab template, with no Voilà front end: it leans on the names Voilà's page
  handler gives it (``kernel_start``, ``cell_generator``, the page config); ``page_problems``
  checks a page it rendered for each of its blocks. The page's module speaks to the kernel
  through Voilà's websocket, which lets comm and kernel-info messages through.

Importing this package imports nothing of Voilà's (a kernel imports ``preheat``).
"""

from __future__ import annotations

import os
import re

TEMPLATE = "cardguide"
#: Voilà's own lab template with no request to another host, for a notebook that shows widgets
#: cardguide's page cannot host (``kernels.first_run``); its error pages are ``cardguide``'s.
WIDGETS_TEMPLATE = "cardguide-widgets"
#: Both, as the package ships them (a wheel's data files; ``cardguide develop`` links them).
TEMPLATES = (TEMPLATE, WIDGETS_TEMPLATE)


def template_dirs(name: str = TEMPLATE) -> list[str]:
    """Where Voilà finds the template ``name``, as Voilà itself looks; empty if nowhere."""
    from voila.paths import collect_template_paths

    try:
        paths = collect_template_paths(["voila"], name, prune=True)
    except ValueError:
        return []
    return [p for p in paths if p.rstrip(os.sep).endswith(os.path.join("templates", name))]


def upstream_changes() -> list[str]:
    """One plain sentence for each inside of Voilà, jupyter_server or tornado that this
    subpackage uses and the installed versions no longer have; empty when all are there."""
    import inspect

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from tornado.web import StaticFileHandler
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    problems = []

    def need(ok: bool, what: str, where: str) -> None:
        if not ok:
            problems.append(f"{what}; {where} relies on it.")

    pooled = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    for name in ("get_rendered_notebook", "fill_if_needed", "_initialize", "shutdown_kernel", "shutdown_all"):
        need(callable(getattr(pooled, name, None)), f"Voilà's pooled kernel manager has no method {name}",
             "voila_adapter/kernels.py (the pool's hand-out, refills and bound)")
    need("_pools" in inspect.getsource(pooled.__init__), "Voilà's pooled kernel manager keeps no `_pools`",
         "voila_adapter/kernels.py (kernel_count, full)")
    need("fill_delay" in pooled.class_traits(), "Voilà's pooled kernel manager has no `fill_delay`",
         "voila_adapter/kernels.py (the refill's stagger)")
    fill = inspect.getsource(pooled.fill_if_needed)
    need("self._initialize(" in fill, "Voilà's pool no longer starts its kernels through `_initialize`",
         "voila_adapter/kernels.py (a replacement waits for spare CPU)")
    hand_out = inspect.signature(pooled.get_rendered_notebook)
    need("notebook_name" in hand_out.parameters, "Voilà's `get_rendered_notebook` takes no `notebook_name`",
         "voila_adapter/kernels.py (which pool a viewer takes from)")
    need("_kernels" in AsyncMappingKernelManager.class_traits(), "jupyter_client's kernel manager keeps no `_kernels`",
         "voila_adapter/kernels.py (the count, a handed-out kernel's last activity)")
    import jupyter_server._tz as tz

    need(callable(getattr(tz, "utcnow", None)), "jupyter_server._tz has no `utcnow`",
         "voila_adapter/kernels.py (a handed-out kernel is idle from its hand-out)")
    need(callable(getattr(TornadoVoilaHandler, "get_generator", None)),
         "Voilà's page handler has no `get_generator`", "voila_adapter/app.py (FirstPaintHandler)")
    from voila.notebook_renderer import NotebookRenderer

    renderer = inspect.getsource(NotebookRenderer.generate_content_generator)
    for name in ("kernel_start", "cell_generator"):
        need(f'"{name}"' in renderer, f"Voilà's notebook renderer gives its template no `{name}`",
             "the cardguide template's body loop (the kernel the page's module joins)")
    allowed = inspect.getsource(Voila)
    need(all(f'"{kind}"' in allowed for kind in ("comm_open", "comm_msg", "comm_close")),
         "Voilà's kernel websocket no longer lets comm messages through",
         "reader/kernel.js (the Voilà page's module joining its kernel)")
    need(isinstance(inspect.getattr_static(StaticFileHandler, "get_content"), classmethod),
         "tornado's StaticFileHandler.get_content is no longer a classmethod", "voila_adapter/app.py (Precompressed)")
    for name in ("init_settings", "init_handlers", "start"):
        need(callable(getattr(Voila, name, None)), f"Voilà's application has no `{name}`", "voila_adapter/app.py")
    need("self.init_handlers()" in inspect.getsource(Voila.start) and "tornado_settings" in inspect.getsource(Voila.start),
         "Voilà's `start` no longer builds the application from init_settings and init_handlers",
         "voila_adapter/app.py (the transforms handed to tornado's constructor)")
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.channels import AsyncZMQSocketChannel

    for name in ("shell_channel_class", "iopub_channel_class"):
        need(name in AsyncKernelClient.class_traits(), f"jupyter_client's AsyncKernelClient has no `{name}`",
             "voila_adapter/channels.py (the executor's sliced waits)")
    need("timeout" in inspect.signature(AsyncZMQSocketChannel.get_msg).parameters,
         "jupyter_client's channel `get_msg` takes no `timeout`", "voila_adapter/channels.py (the executor's sliced waits)")
    from nbclient import NotebookClient

    need("widget_state" in NotebookClient.class_traits() or "widget_state" in inspect.getsource(NotebookClient.reset_execution_trackers),
         "nbclient's NotebookClient keeps no `widget_state`", "voila_adapter/kernels.py (first_run: the widgets a notebook shows)")
    need(callable(getattr(NotebookClient, "_cleanup_kernel", None)), "nbclient's NotebookClient has no `_cleanup_kernel`",
         "voila_adapter/kernels.py (first_run unregisters its exit hook)")
    return problems


#: What cardguide's template (its own page over nbconvert's lab template, no Voilà front end)
#: must leave in the page it renders, each with what it means when it does not.
PAGE_REWRITES = (
    (lambda html: "fontawesome" not in html and "cdn.jsdelivr.net" not in html and "require.js" not in html,
     "the page links a CDN or loads require.js: nbconvert's lab template adds something to the head"),
    (lambda html: 'id="cg-first-paint"' in html and 'id="rendered_cells"' in html
     and html.index('id="cg-first-paint"') < html.index('id="rendered_cells"'),
     "the first paint's slot is not filled before the cells: the template's `body_header` block did not take"),
    (lambda html: not re.search(r'<script[^>]+src="[^"]*/voila/(static|labextensions)/', html)
     and "voila-style.js" not in html and "/static/index.css" not in html,
     "the page loads Voilà's front end or its style sheets again: nbconvert's or Voilà's blocks changed"),
    (lambda html: '"kernelId"' in html and 'application/vnd.jupyter.widget-view+json' in html,
     "the page names no kernel or no widget: the module cannot join the kernel (`body_loop`, `data_widget_view`)"),
    (lambda html: 'rel="icon"' in html and 'name="cardguide-plotly"' in html,
     "nbconvert's lab template no longer has the `html_head_js` block: the page's head slot is not filled"),
)


def page_problems(html: str) -> list[str]:
    """For a page Voilà rendered with cardguide's template: one sentence for each of its blocks
    (``index.html.j2``) that did not take."""
    return [message + " (cardguide/jupyter/voila/templates/cardguide/index.html.j2)."
            for holds, message in PAGE_REWRITES if not holds(html)]
