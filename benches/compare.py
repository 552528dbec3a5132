#!/usr/bin/env python3
"""Measures seskey side by side with a Python implementation of the AWS sample, in one run on one
machine, and prints one Markdown table. Run through benches/compare.sh (it builds first).

Only the standard library: subprocess and time for wall times, timeit, pty for the TUI,
/proc for CPU time and peak RSS."""
import json
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "seskey"
PY = [sys.executable, str(ROOT / "benches" / "aws_smtp_password.py")]
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "eu-west-1"
RUNS = int(os.environ.get("COMPARE_RUNS", "200"))
BATCH_ROWS = int(os.environ.get("COMPARE_BATCH_ROWS", "200000"))

sys.path.insert(0, str(ROOT / "benches"))
from aws_smtp_password import calculate_key  # noqa: E402


def median_wall(cmd, stdin_bytes=None, runs=RUNS):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, input=stdin_bytes, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def criterion_median_ns(name):
    est = ROOT / "target" / "criterion" / name / "new" / "estimates.json"
    return json.loads(est.read_text())["median"]["point_estimate"]


def process_section():
    want = calculate_key(SECRET, REGION)
    got = subprocess.run([BIN, "derive", "-r", REGION], input=SECRET.encode(),
                         capture_output=True, check=True).stdout.decode().strip()
    assert got == want, "seskey and the Python script disagree"
    # Warm the page cache for both before timing.
    median_wall([BIN, "derive", "-r", REGION], SECRET.encode(), runs=5)
    median_wall(PY + [SECRET, REGION], runs=5)
    s = median_wall([BIN, "derive", "-r", REGION], SECRET.encode())
    p = median_wall(PY + [SECRET, REGION])
    floor = median_wall(["/bin/true"])
    return s, p, floor


def derive_section():
    subprocess.run(["cargo", "bench", "--bench", "derive", "--quiet"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    derive = criterion_median_ns("derive")
    limit = criterion_median_ns("sha256_limit")
    chain = criterion_median_ns("hmac_chain")
    all_regions = criterion_median_ns("derive_all_regions")
    n = 20000
    best = min(timeit.repeat(lambda: calculate_key(SECRET, REGION), number=n, repeat=5))
    py = best / n * 1e9
    return derive, limit, chain, all_regions, py


def batch_section(tmp):
    vectors = [l.split("\t") for l in (ROOT / "tests" / "data" / "smtp-password.tsv").read_text().splitlines()
               if l and not l.startswith("#")]
    src = Path(tmp) / "in.csv"
    with src.open("w") as f:
        f.write("User name,Access key ID,Secret access key\n")
        for i in range(BATCH_ROWS):
            f.write(f"user{i},AKIAIOSFODNN{i % 100000000:08d},{vectors[i % len(vectors)][1]}\n")
    out_s, out_p = Path(tmp) / "s.csv", Path(tmp) / "p.csv"
    t0 = time.perf_counter()
    subprocess.run([BIN, "batch", "--region", REGION, str(src), "-o", str(out_s), "--force"],
                   check=True, stderr=subprocess.DEVNULL)
    s = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benches" / "py_batch.py"), str(src), str(out_p), REGION], check=True)
    p = time.perf_counter() - t0
    a = out_s.read_text().splitlines()
    b = out_p.read_text().splitlines()
    assert len(a) == len(b) == BATCH_ROWS + 1, (len(a), len(b))
    assert [r.split(",")[-1] for r in a[1:100]] == [r.split(",")[-1] for r in b[1:100]], "outputs differ"
    return BATCH_ROWS / s, BATCH_ROWS / p


class Pty:
    """The release binary in a pseudo-terminal of 80x24, read without a terminal emulator."""

    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm-256color"
            for v in ("AWS_REGION", "AWS_DEFAULT_REGION", "DISPLAY", "WAYLAND_DISPLAY"):
                os.environ.pop(v, None)
            os.environ["AWS_CONFIG_FILE"] = "/nonexistent"
            os.execv(str(BIN), [str(BIN), "--no-clipboard"] if "--no-clipboard" in HELP else [str(BIN)])
        import fcntl
        import struct
        import termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.out = b""

    def read_until(self, needle, timeout=10.0):
        deadline = time.perf_counter() + timeout
        while needle not in self.out:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(needle)
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    self.out += os.read(self.fd, 65536)
                except OSError:
                    raise TimeoutError(needle)
        return time.perf_counter()

    def send(self, data):
        os.write(self.fd, data)

    def cpu_seconds(self):
        f = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_kib(self):
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def tui_section():
    # Start-up: from fork to the key bar of the first frame (the last line drawn).
    starts = []
    for _ in range(20):
        t0 = time.perf_counter()
        p = Pty()
        t1 = p.read_until(TUI_FIRST_FRAME_MARK)
        starts.append(t1 - t0)
        p.close()
    # Idle on the region step, then a whole conversion for the peak RSS.
    p = Pty()
    p.read_until(TUI_FIRST_FRAME_MARK)
    p.send(b"\r")  # skip the access key ID
    p.send(b"\x1b[200~" + SECRET.encode() + b"\x1b[201~\r")
    p.read_until(TUI_REGION_MARK)
    time.sleep(0.5)
    c0 = p.cpu_seconds()
    time.sleep(10)
    idle = p.cpu_seconds() - c0
    p.send(REGION.encode())
    time.sleep(0.3)
    p.send(b"\r")
    p.read_until(TUI_CARD_MARK)
    p.send(b"r")
    p.read_until(calculate_key(SECRET, REGION).encode()[:8])
    rss = p.peak_rss_kib()
    p.close()
    return statistics.median(starts), idle, rss


HELP = subprocess.run([BIN, "--help"], capture_output=True, text=True).stdout if BIN.exists() else ""
TUI_FIRST_FRAME_MARK = os.environ.get("TUI_FIRST_FRAME_MARK", "quit").encode()
TUI_REGION_MARK = os.environ.get("TUI_REGION_MARK", "us-east-1").encode()
TUI_CARD_MARK = os.environ.get("TUI_CARD_MARK", "email-smtp").encode()


def verdict(ok):
    return "met" if ok else "**missed**"


def main():
    rows = []
    s, p, floor = process_section()
    rows.append(("One conversion as a process (median wall, n=%d)" % RUNS,
                 f"{s * 1e3:.2f} ms", f"{p * 1e3:.2f} ms", f"{p / s:.0f}x faster", "≥ 50x", verdict(p / s >= 50)))
    rows.append(("Starting `/bin/true` the same way (this machine's process floor)", f"{floor * 1e3:.2f} ms", "",
                 f"seskey's own share: {(s - floor) * 1e3:.2f} ms", "", ""))
    d, lim, chain, allr, py = derive_section()
    rows.append(("Per derivation in process (criterion / timeit)", f"{d:.0f} ns", f"{py:.0f} ns",
                 f"{py / d:.1f}x faster", "", ""))
    rows.append(("Derivation vs SHA-256 floor (20 compressions)", f"{d:.0f} ns", f"floor {lim:.0f} ns",
                 f"{d / lim:.2f}x the floor", "≤ 1.3x", verdict(d / lim <= 1.3)))
    rows.append(("The same 5 HMACs through the hmac crate alone (no seskey code)", f"{chain:.0f} ns", "",
                 f"{chain / lim:.2f}x the floor; seskey adds {(d / chain - 1) * 100:.0f}%", "", ""))
    rows.append(("All 20 regions from one secret", f"{allr / 1e3:.1f} µs", "", f"{allr / 20:.0f} ns per region", "", ""))
    if "batch" in HELP:
        with tempfile.TemporaryDirectory() as tmp:
            bs, bp = batch_section(tmp)
        rows.append((f"Batch, {BATCH_ROWS} rows (rows/s)", f"{bs:,.0f}", f"{bp:,.0f}", f"{bs / bp:.1f}x",
                     "≥ 15x", verdict(bs / bp >= 15)))
    try:
        start, idle, rss = tui_section()
        rows.append(("TUI start to first frame (median of 20)", f"{start * 1e3:.1f} ms", "", "", "≤ 50 ms",
                     verdict(start <= 0.05)))
        rows.append(("TUI CPU while idle on the region step, 10 s", f"{idle:.3f} s", "", "", "≤ 0.01 s",
                     verdict(idle <= 0.01)))
        rows.append(("TUI peak RSS, whole conversion", f"{rss / 1024:.1f} MiB", "", "", "≤ 10 MiB",
                     verdict(rss <= 10 * 1024)))
    except (TimeoutError, OSError) as e:
        rows.append(("TUI", f"not measured: {e!r}", "", "", "", ""))
    size = BIN.stat().st_size
    rows.append(("Release binary size", f"{size / 1024 / 1024:.2f} MiB", "", "", "", ""))

    print("| measure | seskey | Python (AWS algorithm) | ratio | target | |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
