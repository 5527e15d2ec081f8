"""Batch reports in a real browser: headless Chromium over the DevTools protocol.

Skipped (with the reason) when no Chromium is installed; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from researchlib.batch import run_batch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
           '<a id="js" href="javascript:window.__pwned=1">click</a>')


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    pytest.skip("no headless Chromium found (install the Debian package 'chromium'; .ci/run does)")


class Browser:
    """A headless Chromium and one page, driven through the DevTools protocol."""

    def __init__(self, profile: Path):
        websocket = pytest.importorskip("websocket", reason="websocket-client is not installed")
        self.proc = subprocess.Popen(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                pytest.skip("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            pages = [t for t in json.load(resp) if t["type"] == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def open(self, path: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            assert time.monotonic() < deadline, f"{path} did not load"
            self.events.append(json.loads(self.ws.recv()))
        self.eval("1")  # drain events queued during load

    def eval(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def errors(self) -> list[str]:
        found = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(json.dumps(params["exceptionDetails"])[:300])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(json.dumps(params.get("args"))[:300])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"].get("text", "")[:300])
        return found

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            ws.close()
        self.proc.kill()
        self.proc.wait(10)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell('title = "Kim"  # page title\nraw = False  # show title as HTML',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("# Report\n[a javascript: link](javascript:window.__pwned=1)"),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nfrom IPython.display import HTML, display\n"
            "print(title)\nfig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 3, 2])\n"
            "ax.set_title(title[:20]);"),
        nbformat.v4.new_code_cell("if raw:\n    display(HTML(title))"),
    ]
    path = root / "nb" / "page.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    result = run_batch(path, grid=[{"name": "plain", "title": "Kim"},
                                   {"name": "hostile", "title": HOSTILE, "raw": True}],
                       out=root / "reports", workers=2, progress=False)
    assert result.ok, result.summary()
    return root / "reports"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def test_index_opens_and_links_resolve(browser, reports):
    browser.open(reports / "index.html")
    assert browser.errors() == []
    hrefs = browser.eval("[...document.querySelectorAll('a')].map(a => a.href)")
    assert len(hrefs) == 4
    for href in hrefs:
        url = urlparse(href)
        assert url.scheme == "file" and Path(unquote(url.path)).is_file(), href
    assert browser.eval("document.querySelectorAll('tbody tr').length") == 2
    assert browser.eval("window.__pwned") is None
    assert "<script>" in browser.eval("document.body.innerText")  # shown as text


def test_report_shows_its_image_without_errors(browser, reports):
    browser.open(reports / "plain.html")
    assert browser.errors() == []
    widths = browser.eval("[...document.images].map(i => i.complete ? i.naturalWidth : -1)")
    assert widths and all(w > 0 for w in widths)
    assert "Kim" in browser.eval("document.body.innerText")
    assert browser.eval("document.scripts.length") == 0


def test_hostile_parameters_run_nothing(browser, reports):
    browser.open(reports / "hostile.html")
    browser.eval("document.querySelectorAll('a').forEach(a => a.click())")
    time.sleep(0.5)
    assert browser.eval("window.__pwned") is None
    assert browser.eval("document.location.protocol") == "file:"
    # the printed parameter is visible as text
    assert "window.__pwned=1</script>" in browser.eval("document.body.innerText")
