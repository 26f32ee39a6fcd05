#!/usr/bin/env python3
"""How long an editor waits for diagnostics after a one-character change, on a generated
workspace of about LINES lines, measured against the same check run from the command line.

    python3 bench/lsp_latency.py [--lines 5000] [--runs 20] [--verify PATH] [--gen PATH]

Builds nothing: pass the release binaries (bench/lsp_latency.sh builds them and calls this).
Three figures, medians and 90th percentiles over RUNS changes:
  - diagnostics after a change, as an editor sees them: the server waits for the editor to
    be quiet for its debounce interval, then checks the workspace and publishes;
  - the same with no wait: a request right after the change makes the server check at once
    (its answer follows the diagnostics), so this is the check itself;
  - the peer: `verify --format json` on the same folder, a fresh process each time (read,
    parse, resolve, rules, output).
Only the Python standard library is used.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, threading, time, queue


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, verify, root):
        self.p = subprocess.Popen([verify, "lsp"], cwd=root, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.q = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            self.q.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, msg):
        self.p.stdin.write(frame(msg))
        self.p.stdin.flush()

    def wait(self, pick):
        while True:
            at, m = self.q.get(timeout=300)
            if pick(m):
                return at, m


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--verify", default="target/release/verify")
    ap.add_argument("--gen", default="target/release/gen-corpus")
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    verify = os.path.abspath(a.verify)
    work = tempfile.mkdtemp(prefix="lsp-latency-")
    # About one line per claim, plus reports and declarations: grow until the lines are enough.
    claims = int(a.lines * 0.8)
    while True:
        subprocess.run([a.gen, "--claims", str(claims), "--seed", str(a.seed), "--out", work,
                        "--per-file", "500", "--force"], check=True, stdout=subprocess.DEVNULL)
        files = sorted(os.path.join(work, "claims", f) for f in os.listdir(os.path.join(work, "claims")))
        lines = sum(open(f, encoding="utf-8").read().count("\n") for f in files)
        if lines >= a.lines:
            break
        claims = int(claims * a.lines / max(lines, 1)) + 50
    root = os.path.realpath(work)
    # The generated resolved facts are not claims; keep only the claims in the workspace.
    subprocess.run(["rm", "-rf", os.path.join(root, "facts")], check=True)
    opened = os.path.realpath(files[-1])
    uri = "file://" + opened
    text = open(opened, encoding="utf-8").read()
    print(f"workspace: {lines} lines in {len(files)} files ({claims} claims asked), editing {os.path.basename(opened)}")

    s = Server(verify, root)
    s.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
    s.wait(lambda m: m.get("id") == 0)
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "claims", "version": 1, "text": text}}})
    is_for = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    s.wait(is_for)
    version = 1
    debounced, immediate = [], []
    for run in range(a.runs):
        # One character typed, then deleted: an `x` on a line of its own at the end of the
        # file is an input error, so each change changes the file's diagnostics (the
        # server sends only diagnostics that changed).
        for mode in ("debounced", "immediate"):
            version += 1
            changed = text + "x" if version % 2 == 0 else text
            t0 = time.perf_counter()
            s.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]}})
            if mode == "immediate":
                s.send({"jsonrpc": "2.0", "id": version, "method": "textDocument/hover", "params": {
                    "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
            at, _ = s.wait(is_for)
            (debounced if mode == "debounced" else immediate).append(at - t0)
            if mode == "immediate":
                s.wait(lambda m, v=version: m.get("id") == v)
    s.send({"jsonrpc": "2.0", "id": -1, "method": "shutdown", "params": None})
    s.wait(lambda m: m.get("id") == -1)
    s.send({"jsonrpc": "2.0", "method": "exit", "params": None})
    s.p.wait(timeout=30)

    cli = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        subprocess.run([verify, os.path.join(root, "claims"), "--format", "json", "--fail-on", "never"],
                       cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        cli.append(time.perf_counter() - t0)

    ms = lambda x: f"{x * 1000:7.1f} ms"
    print(f"{'':52} {'median':>10} {'p90':>10}")
    for name, xs in [("diagnostics after a change (debounced, as typed)", debounced),
                     ("diagnostics after a change (checked at once)", immediate),
                     ("peer: verify --format json, a fresh process", cli)]:
        print(f"{name:52} {ms(statistics.median(xs)):>10} {ms(pct(xs, 0.9)):>10}")
    print(f"checked at once / peer (medians): {statistics.median(immediate) / statistics.median(cli):.2f}")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
