// The reader's page without a signal: a reader who opened it once can open it again offline.
// site.py writes this file beside index.html (its scope is the page's folder); the page
// registers it as sw.js?v=v/<hash>, the build's content-named folder, so every build is a new
// worker with a cache of its own, and the old build's cache goes once the new one is active.
// The page itself is network first (a new build is seen as soon as the reader is online), the
// cache its fallback; the files under v/<hash>/ never change, so they come from the cache.
const BUILD = new URL(self.location.href).searchParams.get("v") || "";
const PREFIX = "cardguide-reader-";
const CACHE = PREFIX + BUILD;
const PAGE = new URL("./", self.location.href).href;
const FILES = ["./", "manifest.webmanifest", "favicon.svg",
  ...["widget.js", "reader.css", "data.json", "more.json"].map((name) => `${BUILD}/${name}`)];

self.addEventListener("install", (event) => {
  // The page from the server, never the browser's HTTP cache, which may still hold the previous
  // build's; the content-named files may come from it (they never change: no second download).
  const fresh = FILES.map((file) => new Request(file, { cache: file.startsWith(`${BUILD}/`) ? "default" : "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

async function pageFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // One copy of the page, whatever the link's query: the module reads the query itself.
    if (response.ok) await cache.put(PAGE, response.clone());
    return response;
  } catch (offline) {
    const kept = await cache.match(PAGE);
    if (kept) return kept;
    throw offline;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(PAGE)) return;  // this page's folder only
  const path = new URL(request.url).pathname;
  if (request.mode === "navigate" || path === new URL(PAGE).pathname || path.endsWith("/index.html")) {
    event.respondWith(pageFirst(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});
