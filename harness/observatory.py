"""The MDN HTTP Observatory (npm ``@mdn/mdn-http-observatory``), run here against the project's own
nginx recipe on loopback: the grade a public service's security headers are judged by.

The scanner fetches ``http://HOST`` and ``https://HOST`` (ports 80 and 443, never others), so the
recipe runs on 127.0.0.1:80 and :443 with a leaf certificate from a CA made for the run, which node
is told to trust (``NODE_EXTRA_CA_CERTS``; ``src/scan.js`` is run directly, since its ``bin`` wrapper
overwrites that variable). Its postinstall downloads lists, so it is installed with
``--ignore-scripts`` and its HSTS preload list is an empty one (field-notes: security headers)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

from npm import npm_tools
from servers import nginx_running

ROOT = Path(__file__).resolve().parent.parent
OBSERVATORY = {"@mdn/mdn-http-observatory": "1.4.8"}


def observatory() -> Path:
    """The scanner's folder, installed once (no install scripts), with an empty preload list."""
    folder = npm_tools("observatory", OBSERVATORY, ignore_scripts=True) / "node_modules" / "@mdn" / "mdn-http-observatory"
    preload = folder / "conf" / "hsts-preload.json"
    if not preload.exists():
        preload.write_text("{}\n")
    return folder


def scan(target: str, ca: Path) -> dict:
    """The scanner's JSON for ``target`` (``127.0.0.1`` or ``127.0.0.1/path``): ``scan`` (grade,
    score, tests passed/failed) and ``tests`` (each test's result, pass, score modifier)."""
    folder = observatory()
    env = dict(os.environ, NODE_EXTRA_CA_CERTS=str(ca))
    out = subprocess.run(["node", "src/scan.js", target], cwd=folder, env=env, capture_output=True, text=True,
                         timeout=180)
    try:
        result = json.loads(out.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"the Observatory printed no JSON: {out.stdout[-500:]} {out.stderr[-500:]}") from exc
    if "error" in result:
        raise RuntimeError(f"the Observatory failed on {target}: {result['error']}")
    return result


def failed(result: dict) -> dict[str, str]:
    """Each failed test's name and result, e.g. ``{"cookies": "cookies-without-secure-flag"}``."""
    return {name: test["result"] for name, test in result["tests"].items() if not test["pass"]}


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a leaf certificate for 127.0.0.1 signed by it: (ca.pem, cert.pem, key.pem)."""
    run = lambda *args: subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=cardguide test CA",
        "-keyout", "ca-key.pem", "-out", "ca.pem")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "key.pem", "-out", "leaf.csr")
    (folder / "leaf.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                     "extendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2",
        "-extfile", "leaf.ext", "-out", "cert.pem")
    return folder / "ca.pem", folder / "cert.pem", folder / "key.pem"


def recipe(tmp: Path, workers: list[int], site: Path, *, https: int = 443, http: int = 80) -> Path:
    """deploy/nginx.conf with only its host-specific lines swapped: the certificate paths, the
    upstream's ports, the site folder, the log and pid paths and the listening addresses. Each
    line must be found, so the file under test is the file shipped."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    swaps = {
        "pid /run/nginx-cardguide.pid;": f"pid {tmp}/nginx.pid;",
        "error_log /var/log/nginx/cardguide-error.log warn;": f"error_log {tmp}/error.log warn;",
        "access_log /var/log/nginx/cardguide-access.log cardguide;": f"access_log {tmp}/access.log cardguide;",
        "ssl_certificate     /etc/ssl/cardguide/fullchain.pem;": f"ssl_certificate {tmp}/cert.pem;",
        "ssl_certificate_key /etc/ssl/cardguide/privkey.pem;": f"ssl_certificate_key {tmp}/key.pem;",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "        server 127.0.0.1:8866;\n        server 127.0.0.1:8867;\n":
            "".join(f"        server 127.0.0.1:{w};\n" for w in workers),
        "/srv/cardguide/reader/": f"{site}/",
    }
    for old, new in swaps.items():
        assert conf.count(old) == 1, f"deploy/nginx.conf no longer has {old!r} once"
        conf = conf.replace(old, new)
    path = tmp / "nginx.conf"
    path.write_text(conf)
    return path


def nginx(conf: Path, tmp: Path, port: int):
    """nginx running ``conf`` until the block ends (``servers.nginx_running``)."""
    return nginx_running(conf, tmp, port)


def ports_free(*ports: int) -> bool:
    """Whether this host can listen on ``ports`` of 127.0.0.1 now (80 and 443 need root)."""
    for port in ports:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx binds: TIME_WAIT is no obstacle
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return shutil.which("openssl") is not None
