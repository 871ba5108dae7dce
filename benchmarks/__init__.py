"""cardguide's one benchmark suite, by concern (``make bench``: ``python -m benchmarks``).

- ``weight``: page weight and Lighthouse 12.8.2 through Lighthouse CI (``lighthouserc.json``'s
  budgets and assertions), mobile x3 and desktop, for the reader's page behind nginx, the Voilà page
  and the same notebook on Voilà's own lab template; the data bundle's size and growth;
- ``phone``: a throttled 390 px phone on both pages: the answer shown, the first date change
  answered, every tap's wait over 25 s of a change a second, INP, long tasks, the kernel's Plotly
  Gantt after scrolling to it;
- ``roundtrip``: the date slider to the kernel's new Plotly Gantt against the widget floor, in
  several runs (the ratio's spread), with its split; the domain's own speed;
- ``crowds``: a burst of readers on ``--max-kernels``, readers per minute of the reader's page
  behind nginx, the memory a kernel costs, scripted crowds on one server;
- ``faults``: a dropped socket (the kernel culled meanwhile), hidden and closed tabs, kernel
  starts over IPC and TCP, the pool after a long quiet.

One results file (``benchmarks/results.json``); ``docs/performance.md`` is written from it
(``benchmarks/report.py``). ``--smoke`` runs every concern once with small counts (``make test``).
"""
