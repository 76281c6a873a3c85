"""Serve Unrolled from N Streamlit processes behind nginx with sticky sessions, all on 127.0.0.1.

    python bench/serve_multi.py                  # 2 processes + nginx on a free port; serves until Ctrl-C
    python bench/serve_multi.py -n 3 --port 8500
    python bench/serve_multi.py --check          # start, open one page through the proxy, stop

A Python server uses about one core, so a class of thirty is better served by one process per core behind a proxy
that keeps each browser on the process that holds its session. Stickiness here is a cookie: a first visit
without one gets a random key (nginx's $request_id), nginx hashes the key to a process and sets the cookie,
and every later request of that browser, the websocket included, hashes to the same process. docs/serving.md
explains the configuration (and ip_hash, and why not behind a school's NAT). nginx runs in the foreground
with its own config, pid, logs and temp files in a temp dir, listening on 127.0.0.1 only; it is Debian's
(``apt-get install -y nginx``). Each process trains and caches its own models.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.server import AppServer, free_port, wait_http  # noqa: E402
from bench.wsclient import Session  # noqa: E402

COOKIE = "unrolled_route"
NGINX_CONF = """\
# Unrolled behind nginx: {n} Streamlit processes, one sticky session per browser (see docs/serving.md).
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}

http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    # "Connection: upgrade" only when the browser asks for a websocket.
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      close;
    }}
    # The browser's routing key: its cookie, or a fresh random one on a first visit.
    map $cookie_{cookie} $route_key {{
        ""      $request_id;
        default $cookie_{cookie};
    }}

    upstream unrolled {{
        hash $route_key consistent;
{servers}
    }}

    server {{
        listen 127.0.0.1:{port};

        location / {{
            proxy_pass http://unrolled;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            add_header Set-Cookie "{cookie}=$route_key; Path=/; HttpOnly; SameSite=Lax";
        }}

        # The session's websocket: upgrade headers, and no timeout while a class sits on a page.
        location /_stcore/stream {{
            proxy_pass http://unrolled;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_buffering off;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        raise RuntimeError("nginx is not installed: apt-get install -y nginx")
    return found


class MultiServe:
    """``n`` app processes on free loopback ports and nginx in front of them on ``port``."""

    def __init__(self, n: int = 2, port: int | None = None, *, app_args: list[str] | None = None):
        self.n = n
        self.port = port or free_port()
        self.app_args = app_args
        self.servers: list[AppServer] = []
        self.nginx: subprocess.Popen | None = None
        self.tmp = tempfile.mkdtemp(prefix="unrolled-nginx-")
        self._out = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        servers = "\n".join(f"        server 127.0.0.1:{s.port};" for s in self.servers)
        return NGINX_CONF.format(n=self.n, tmp=self.tmp, cookie=COOKIE, servers=servers, port=self.port)

    def start(self) -> MultiServe:
        binary = nginx_binary()
        try:
            for _ in range(self.n):
                self.servers.append(AppServer(args=self.app_args).start())
            conf = os.path.join(self.tmp, "nginx.conf")
            with open(conf, "w") as f:
                f.write(self.config())
            self._out = open(os.path.join(self.tmp, "nginx.out"), "w")
            cmd = [binary, "-p", self.tmp, "-e", os.path.join(self.tmp, "error.log"), "-c", conf, "-g", "daemon off;"]
            self.nginx = subprocess.Popen(cmd, stdout=self._out, stderr=subprocess.STDOUT)
            if not wait_http(f"{self.url}/_stcore/health", 30, self.nginx):
                raise RuntimeError("nginx did not serve /_stcore/health:\n" + self.nginx_log())
        except BaseException:
            self.stop()
            raise
        return self

    def nginx_log(self) -> str:
        out = []
        for name in ("nginx.out", "error.log"):
            try:
                with open(os.path.join(self.tmp, name), errors="replace") as f:
                    out.append(f.read()[-2000:])
            except OSError:
                pass
        return "\n".join(out)

    def check(self, link: str = "/") -> list[str]:
        """Open ``link`` through the proxy once per process-sized batch of cookies; the errors (empty when it
        serves), and which processes answered (by the CPU each used)."""
        before = [s.cpu_seconds() for s in self.servers]

        async def one(i):
            async with Session(self.port, headers={"Cookie": f"{COOKIE}=check-{i}"}, timeout=120) as s:
                return await s.open(link)

        async def all_of():
            return await asyncio.gather(*(one(i) for i in range(4 * self.n)))

        runs = asyncio.run(all_of())
        errors = [f"{r.what}: {r.errors()}" for r in runs if not r.ok]
        used = [s.cpu_seconds() - b for s, b in zip(self.servers, before, strict=True)]
        if all(u < 0.05 for u in used[1:]) or min(used) < 0.05:
            errors.append(f"not every process served a session (CPU seconds used: {used})")
        return errors

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()  # SIGTERM: fast shutdown of a foreground nginx
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(10)
        for s in self.servers:
            s.stop()
        if self._out is not None:
            self._out.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> MultiServe:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--processes", type=int, default=2, help="Streamlit processes (about one per core)")
    ap.add_argument("--port", type=int, default=None, help="nginx's port on 127.0.0.1 (default: a free one)")
    ap.add_argument("--check", action="store_true", help="start, open a page through the proxy, stop")
    args = ap.parse_args()
    with MultiServe(args.processes, args.port, app_args=[] if not args.check else None) as m:
        ports = ", ".join(str(s.port) for s in m.servers)
        print(f"nginx on {m.url} -> streamlit on 127.0.0.1:{ports} (config and logs in {m.tmp})", flush=True)
        errors = m.check()
        print("serves: ok" if not errors else "serves: FAILED\n" + "\n".join(errors), flush=True)
        if args.check or errors:
            return 1 if errors else 0
        print("Ctrl-C stops nginx and the app processes.", flush=True)
        try:
            while m.nginx.poll() is None and all(s.proc.poll() is None for s in m.servers):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
