"""The review server's safety: token, 127.0.0.1, host names, JSON-only edits, no file but its own.

And the command: ``shuyu review OUTDIR`` prints the address, serves, and stops cleanly on Ctrl-C
with every edit saved.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shuyu.aligner.readers import document_from_sentences
from shuyu.records import Alignment, Bead
from shuyu.review import server as server_mod
from shuyu.review.server import ReviewServer
from shuyu.review.session import Session
from shuyu.review.store import REVIEW_FILE, load_review, review_from_alignment

SCRIPT = "<script>window.__pwned = 1</script> and <img src=x onerror=alert(1)>."


@pytest.fixture
def served(tmp_path):
    en = document_from_sentences(["First sentence.", SCRIPT, "Third sentence."], "en", "a.en.txt")
    zh = document_from_sentences(["第一句。", "第二句<b>粗</b>。", "第三句。"], "zh", "a.zh.txt")
    alignment = Alignment(en, zh, (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.2), Bead((2,), (2,), 0.95)))
    session = Session.open(tmp_path, review_from_alignment(alignment))
    server = ReviewServer(session)
    server.start()
    yield server, session, tmp_path
    server.stop()


def request(server, method, path, body=None, headers=None, host=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    head = {"Host": host if host is not None else f"127.0.0.1:{server.port}"}
    if body is not None:
        head["Content-Type"] = "application/json"
        body = json.dumps(body).encode("utf-8")
    head.update(headers or {})
    conn.request(method, path, body=body, headers=head)
    res = conn.getresponse()
    data = res.read()
    conn.close()
    return res.status, dict(res.getheaders()), data


def test_bound_to_loopback_on_a_free_port(served):
    server, _s, _p = served
    assert server.server_address[0] == "127.0.0.1" and server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}/{server.token}/" and len(server.token) >= 32


@pytest.mark.parametrize("path", ["/", "/index.html", "/api/summary", "/static/app.js", "/WRONGTOKEN/",
                                  "/WRONGTOKEN/api/beads", "/../api/summary", "//api/summary"])
def test_a_request_without_the_token_is_refused(served, path):
    server, _s, _p = served
    status, headers, body = request(server, "GET", path)
    assert status == 403 and b"token" in body
    status, _h, _b = request(server, "POST", path.replace("summary", "edit"), {"op": "merge", "bead": 0})
    assert status == 403


def test_a_token_that_is_almost_right_is_refused(served):
    server, _s, _p = served
    status, _h, _b = request(server, "GET", f"/{server.token[:-1]}/api/summary")
    assert status == 403
    status, _h, _b = request(server, "GET", f"/{server.token}x/api/summary")
    assert status == 403


@pytest.mark.parametrize("host", ["evil.example:80", "127.0.0.1.nip.io", "", "127.0.0.1:1"])
def test_other_host_names_are_refused(served, host):
    server, _s, _p = served
    status, _h, body = request(server, "GET", f"/{server.token}/api/summary", host=host)
    assert status == 403 and b"host" in body


def test_localhost_is_a_host_name_too(served):
    server, _s, _p = served
    status, _h, _b = request(server, "GET", f"/{server.token}/api/summary", host=f"localhost:{server.port}")
    assert status == 200


def test_only_this_computer(served, monkeypatch):
    server, _s, _p = served
    monkeypatch.setattr(server_mod, "_LOCAL", {"10.0.0.1"})  # as if 127.0.0.1 were another computer
    status, _h, body = request(server, "GET", f"/{server.token}/api/summary")
    assert status == 403 and b"only this computer" in body


def test_the_page_and_its_files(served):
    server, _s, _p = served
    t = f"/{server.token}"
    status, headers, _b = request(server, "GET", t)
    assert status == 308 and headers["Location"] == f"{t}/"
    status, headers, body = request(server, "GET", f"{t}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'src="static/app.js"' in body and b"http" not in body.replace(b"http-equiv", b"")  # nothing from outside
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    for name, ctype in (("app.js", "text/javascript"), ("app.css", "text/css")):
        status, headers, body = request(server, "GET", f"{t}/static/{name}")
        assert status == 200 and headers["Content-Type"].startswith(ctype) and len(body) > 1000
    for bad in ("static/../server.py", "static/server.py", "static/%2e%2e/server.py", "static/index.html/..",
                "api/nothing", "review.json"):
        status, _h, _b = request(server, "GET", f"{t}/{bad}")
        assert status == 404, bad


def test_script_in_a_sentence_is_data_not_markup(served):
    server, _s, _p = served
    status, headers, body = request(server, "GET", f"/{server.token}/api/beads?start=0&count=10")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    beads = json.loads(body)["beads"]
    assert beads[1]["en"][0][1] == SCRIPT  # the text as it is; the page puts it in with textContent
    app = (Path(server_mod.__file__).parent / "static" / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in app and "insertAdjacentHTML" not in app and "document.write" not in app


def test_edits_are_json_posts_from_the_page(served):
    server, session, folder = served
    t = f"/{server.token}"
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", f"{t}/api/edit", body=b"op=merge&bead=0",
                 headers={"Host": f"127.0.0.1:{server.port}", "Content-Type": "application/x-www-form-urlencoded"})
    assert conn.getresponse().status == 415  # a form on another site cannot make an edit
    conn.close()
    status, _h, _b = request(server, "POST", f"{t}/api/edit", {"op": "merge", "bead": 0},
                             headers={"Origin": "http://evil.example"})
    assert status == 403
    status, _h, body = request(server, "POST", f"{t}/api/edit", {"op": "merge", "bead": 0},
                               headers={"Origin": f"http://127.0.0.1:{server.port}"})
    assert status == 200 and json.loads(body)["summary"]["beads"] == 2
    review, history, _t = load_review(folder / REVIEW_FILE)  # saved before the answer
    assert len(review.beads) == 2 and history.undo[-1].op == "merge"
    status, _h, body = request(server, "POST", f"{t}/api/edit", {"op": "merge", "bead": 1})
    assert status == 400 and "the last one" in json.loads(body)["error"]
    status, _h, body = request(server, "POST", f"{t}/api/edit", {"op": "explode", "bead": 0})
    assert status == 400 and "unknown edit" in json.loads(body)["error"]
    status, _h, _b = request(server, "POST", f"{t}/api/undo", {"view": "align"})
    assert status == 200 and len(session.review.beads) == 3


def test_the_server_writes_only_inside_outdir(served):
    server, _session, folder = served
    before = set(os.listdir(folder.parent))
    status, _h, body = request(server, "POST", f"/{server.token}/api/export", {"path": "/tmp/elsewhere.tmx"})
    assert status == 200
    written = [Path(p) for _role, p in json.loads(body)["written"]]
    assert written and all(p.parent == folder / "reviewed" for p in written)
    assert set(os.listdir(folder.parent)) == before  # nothing beside OUTDIR
    assert sorted(os.listdir(folder)) == [REVIEW_FILE, "reviewed"]


def _start_cli(args, cwd):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("DISPLAY", None)
    proc = subprocess.Popen([sys.executable, "-c", "from shuyu.cli import main; main()", *map(str, args)],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Stop:"):
            break
    return proc, lines


def _edit_then_stop(proc, lines, bead: int, stop) -> str:
    try:
        url = next(line.split()[-1] for line in lines if line.startswith("Review:"))
        assert url.startswith("http://127.0.0.1:")
        port = int(url.split(":")[2].split("/")[0])
        token = url.rstrip("/").rsplit("/", 1)[-1]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", f"/{token}/api/edit", body=json.dumps({"op": "confirm", "bead": bead}),
                     headers={"Content-Type": "application/json"})
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        proc.send_signal(stop)
        rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, "".join(lines) + rest
    assert "Stopped:" in rest and "Traceback" not in rest
    return "".join(lines)


def test_cli_serves_stops_cleanly_and_resumes(tmp_path, example_paths):
    out = tmp_path / "out"
    proc, lines = _start_cli(["review", *example_paths, "-o", out, "--no-browser"], tmp_path)
    said = _edit_then_stop(proc, lines, 0, signal.SIGINT)  # Ctrl-C
    assert "Aligned, mined and began the review" in said
    review, _a, _t = load_review(out / REVIEW_FILE)
    assert review.beads[0].status == "confirmed"
    proc, lines = _start_cli(["review", out, "--no-browser"], tmp_path)
    said = _edit_then_stop(proc, lines, 1, signal.SIGTERM)  # as a service manager stops it
    assert "Resumed the review" in said and "1 of" in said
    review, _a, _t = load_review(out / REVIEW_FILE)
    assert [b.status for b in review.beads[:2]] == ["confirmed", "confirmed"]
