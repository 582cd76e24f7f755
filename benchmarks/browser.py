"""Sliders in a real browser: serve notebooks with Voila or JupyterLab on 127.0.0.1, drive them in headless Chromium.

Used by tests/test_browser.py (does moving a slider change the figure, without errors? are slider tracks long
enough? does JupyterLab leave a stored notebook unmodified, and reopen a saved one with its figures? do live
slides work offline?) and, run as `python -m benchmarks.browser`, to print the key-press → new-figure latency
for the benchmark table.
Chromium is Debian's (/usr/bin/chromium), driven by Playwright through `executable_path`: no browser is
downloaded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
# The explorers the browser test moves: vanishing gradients, optimizers, dropout (issue: at least three).
BROWSER_NOTEBOOKS = ["03_activations_vanishing_gradients.ipynb", "07_optimizers.ipynb", "09_dropout.ipynb"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    """The path of a Chromium binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def voila_server(root=NOTEBOOKS, timeout=60, env=None, args=()):
    """Start Voila on a free loopback port serving `root` (with the repository's voila.json); yield its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", *args,
               str(root)]
    with _serving(command, f"http://127.0.0.1:{port}", "/", timeout, env) as url:
        yield url


@contextlib.contextmanager
def jupyterlab_server(root, timeout=90, env=None):
    """Start JupyterLab (no token, this repository's jupyter/jupyter_server_config.py, fresh settings) on a
    free loopback port serving `root`; yield its base URL; stop it and its kernels afterwards."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, **(env or {}), "JUPYTERLAB_SETTINGS_DIR": f"{home}/settings",
               "JUPYTERLAB_WORKSPACES_DIR": f"{home}/workspaces", "JUPYTER_CONFIG_DIR": f"{home}/config",
               "JUPYTER_RUNTIME_DIR": f"{home}/runtime"}
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
                   f"--config={ROOT / 'jupyter' / 'jupyter_server_config.py'}", "--IdentityProvider.token=",
                   "--ServerApp.password=", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--LabApp.expose_app_in_browser=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")                # CI containers run as root
        with _serving(command, f"http://127.0.0.1:{port}", "/api", timeout, env) as url:
            yield url


@contextlib.contextmanager
def _serving(command, url, probe, timeout, env):
    log = open(os.devnull, "w")
    env = dict(env or os.environ)        # the kernels import this repository's course_lib
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        deadline = time.time() + timeout
        while True:
            try:
                urllib.request.urlopen(url + probe, timeout=2)
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{command[2]} did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def chromium(executable):
    """A headless Chromium (Playwright, Debian's binary), closed afterwards; one per process at a time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, width=1280, height=900, offline_except=None):
    """A page of its own (fresh cookies and storage).  With `offline_except=url`, every request to another
    address is refused, as on a machine with no network; the refused addresses are in `page.blocked`."""
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.blocked = []
    if offline_except:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(offline_except)
                   else (page.blocked.append(route.request.url), route.abort()))
    return page


@contextlib.contextmanager
def chromium_page(executable, width=1280, height=900, offline_except=None):
    """A fresh headless Chromium page (see new_page), the browser closed afterwards."""
    with chromium(executable) as browser:
        yield new_page(browser, width, height, offline_except)


_WATCH_FIRST_EXPLORER = """() => {
    const handle = document.querySelector('.noUi-handle');
    let box = handle;
    while (box && !box.querySelector('img.widget-image')) box = box.parentElement;
    const img = box.querySelector('img.widget-image');
    window.__changes = 0;
    new MutationObserver(() => { window.__t1 = performance.now(); window.__changes++; })
        .observe(img, {attributes: true, attributeFilter: ['src']});
    return img.src.length;
}"""

# The arrow key that moves the first slider: the same as last time unless the slider is at that end.
_NEXT_KEY = """(key) => {
    const handle = document.querySelector('.noUi-handle');
    const now = Number(handle.getAttribute('aria-valuenow'));
    if (key === 'ArrowRight' && now >= Number(handle.getAttribute('aria-valuemax'))) return 'ArrowLeft';
    if (key === 'ArrowLeft' && now <= Number(handle.getAttribute('aria-valuemin'))) return 'ArrowRight';
    return key;
}"""


def move_first_slider(page, url, presses=6, load_timeout=180_000):
    """Open `url`, press an arrow key on the first explorer's first slider `presses` times.

    Returns {"latencies_ms": [...], "changes": n, "errors": [...], "tracks": [...], "text": str}: the time
    from each key press to the explorer's image being replaced, how many times it was replaced, any error
    shown on the page or logged to the browser console, the widths of the slider tracks (CSS px) and the
    page's text.
    """
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    def on_page_error(error):
        errors.append(str(error))

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    if url:
        page.goto(url, timeout=load_timeout)
    page.wait_for_selector("img.widget-image", timeout=load_timeout)
    page.wait_for_selector(".noUi-handle", timeout=load_timeout)
    page.evaluate(_WATCH_FIRST_EXPLORER)
    page.locator(".noUi-handle").first.focus()
    latencies = []
    key = "ArrowRight"
    for _ in range(presses):
        before = page.evaluate("window.__changes")
        key = page.evaluate(_NEXT_KEY, key)     # never press into an end of the slider
        page.evaluate("window.__t0 = performance.now()")
        page.keyboard.press(key)
        page.wait_for_function(f"window.__changes > {before}", timeout=30_000)
        latencies.append(page.evaluate("window.__t1 - window.__t0"))
    shown = page.locator("text=Traceback").count() + page.locator(".jp-RenderedText[data-mime-type="
                                                                   "'application/vnd.jupyter.stderr']").count()
    if shown:
        errors.append(f"{shown} error output(s) shown on the page")
    changes = page.evaluate("window.__changes")
    tracks = slider_tracks(page)
    text = page.inner_text("body")
    page.remove_listener("console", on_console)          # the next notebook's messages are not this one's
    page.remove_listener("pageerror", on_page_error)
    # Assets the page cannot fetch offline (a favicon, CDN files) are not errors of the explorer.
    explorer_errors = [e for e in errors if "favicon" not in e and "Failed to load resource" not in e]
    return {"latencies_ms": latencies, "changes": changes, "errors": explorer_errors, "tracks": tracks, "text": text}


_TRACKS = """() => Array.from(document.querySelectorAll('.widget-slider .noUi-target, .slider-container .noUi-target'))
    .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().width)"""


def slider_tracks(page) -> list[float]:
    """The widths in CSS px of the visible slider tracks on the page."""
    return page.evaluate(_TRACKS)


_FIGURE_SCALE = """() => Array.from(document.querySelectorAll('img.widget-image'))
    .filter(e => e.offsetParent !== null && e.naturalWidth > 0)
    .map(e => e.getBoundingClientRect().width / e.naturalWidth)"""


def figure_scales(page) -> list[float]:
    """For each explorer figure on the page: its CSS width over its width in pixels (1 = natural size)."""
    return page.evaluate(_FIGURE_SCALE)


def lab_command(page, command, args=None):
    """Run a JupyterLab command (the app is exposed to the page by --LabApp.expose_app_in_browser)."""
    return page.evaluate("([c, a]) => window.jupyterapp.commands.execute(c, a || {})", [command, args])


def lab_open(page, url, name, timeout=120_000):
    """Open notebook `name` in JupyterLab and wait until its kernel is idle; returns the page."""
    page.goto(f"{url}/lab/tree/{name}", timeout=timeout)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=timeout)
    page.wait_for_function("() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status "
                           "=== 'idle'", timeout=timeout)
    page.wait_for_timeout(1500)        # the kernel's info reaches the notebook's metadata just after idle
    return page


def lab_dirty(page) -> bool:
    """Is the open notebook marked modified (the ● on its tab)?"""
    return page.locator(".lm-TabBar-tab.jp-mod-dirty").count() > 0


def lab_run_all_and_save(page, timeout=180_000):
    """Run every cell of the open notebook, wait for the kernel to finish, save it."""
    lab_command(page, "notebook:clear-all-cell-outputs")        # every prompt back to [ ]
    # The command's promise settles when the last cell has run (page.evaluate awaits it).
    page.evaluate("(c) => window.jupyterapp.commands.execute(c)", "notebook:run-all-cells")
    # Done when the kernel is idle and every cell has run (or one stopped the run with an error).
    page.wait_for_function("""() => {
        const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));
        const ran = prompts.every(e => /\\[\\d+\\]/.test(e.textContent))
            || document.querySelector('[data-mime-type="application/vnd.jupyter.stderr"]') !== null;
        return ran && !prompts.some(e => e.textContent.includes('*'))
            && document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'; }""",
                           timeout=timeout)
    lab_command(page, "docmanager:save")
    page.wait_for_function("() => document.querySelectorAll('.lm-TabBar-tab.jp-mod-dirty').length === 0",
                           timeout=30_000)


def lab_shutdown_kernels(page):
    """Shut down every kernel of the JupyterLab server (as when JupyterLab is closed and started again)."""
    page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")


def rise_slide_index(page) -> int:
    """The position of the current slide among all slides and sub-slides of a RISE (reveal.js) deck."""
    return page.evaluate("() => Array.from(document.querySelectorAll('.reveal .slides section'))"
                         ".indexOf(document.querySelector('.reveal .slides section.present'))")


def measure(notebooks=BROWSER_NOTEBOOKS, presses=10):
    """{notebook: result of move_first_slider} for each notebook, in one Voila server and one browser."""
    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    results = {}
    with voila_server() as url, chromium_page(executable) as page:
        for name in notebooks:
            results[name] = move_first_slider(page, f"{url}/voila/render/{name}", presses=presses)
    return results


def main():
    results = measure()
    print("| notebook | median key → figure (ms) | p95 (ms) | errors |")
    print("|---|---|---|---|")
    for name, result in results.items():
        lat = sorted(result["latencies_ms"])
        p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))]
        print(f"| {name} | {statistics.median(lat):.0f} | {p95:.0f} | {len(result['errors'])} |")


if __name__ == "__main__":
    main()
