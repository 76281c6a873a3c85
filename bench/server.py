"""Start ``streamlit run app.py`` on a free loopback port, wait until it answers, and watch its memory and CPU.

    with AppServer() as server:          # a fresh process; stopped (terminate, then kill) on exit
        print(server.port, server.rss_mb())

The server's output goes to a log file (``server.log_text()``), never to a pipe nobody reads. Extra ``streamlit``
flags go in ``args``; by default the server shows full exception messages (``--client.showErrorDetails full``) so a
test can report them. The file watcher is always off (``--server.fileWatcherType none``): with it on, an edit to any
module of the checkout makes Streamlit drop that module from ``sys.modules`` under the sessions running, and a
measurement would see two versions of the code at once (and ``KeyError: 'rnn_core.engine'`` from a run that was
importing it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    """Poll ``url`` until it answers 200 "ok" (or any 200 when it is not the health route); False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB (from /proc; nan once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE / 2**20
    except (OSError, IndexError, ValueError):
        return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used (from /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return float("nan")


class AppServer:
    """One ``python -m streamlit run app.py`` process on 127.0.0.1."""

    def __init__(self, port: int | None = None, *, args: list[str] | None = None, startup_timeout: float = 90.0):
        self.port = port or free_port()
        self.args = ["--client.showErrorDetails", "full"] if args is None else list(args)
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.started_at = float("nan")  # time.perf_counter() just before the process was started
        self.ready_seconds = float("nan")  # start -> /_stcore/health answered
        self._log = tempfile.NamedTemporaryFile(prefix=f"unrolled-{self.port}-", suffix=".log", delete=False)
        self._final_log: str | None = None  # the log, kept in memory once the process has stopped

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: bool = True) -> AppServer:
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port)]
        cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        cmd += ["--server.fileWatcherType", "none", "--server.runOnSave", "false"]
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(cmd + self.args, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self) -> None:
        if not wait_http(f"{self.url}/_stcore/health", self.startup_timeout, self.proc):
            self.stop()
            raise RuntimeError(f"streamlit did not start on port {self.port}:\n{self.log_text()[-3000:]}")
        self.ready_seconds = time.perf_counter() - self.started_at

    def rss_mb(self) -> float:
        return rss_mb(self.proc.pid) if self.proc else float("nan")

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid) if self.proc else float("nan")

    def log_text(self) -> str:
        return self._final_log if self._final_log is not None else self._read_log()

    def stop(self) -> None:
        """Terminate the process (kill it after 15 s) and remove its log file, keeping the text."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        if self._final_log is None:
            self._log.close()
            self._final_log = self._read_log()
            try:
                os.unlink(self._log.name)
            except OSError:
                pass

    def _read_log(self) -> str:
        try:
            with open(self._log.name, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def __enter__(self) -> AppServer:
        return self.start() if self.proc is None else self

    def __exit__(self, *exc) -> None:
        self.stop()
