"""HTTP load: N concurrent clients on loopback for T seconds against ``hexaglot serve``.

Starts the server as a subprocess on a free port, draws queries from the archive's own sentences
(words in every language it holds), and reports p50/p95/max latency and requests/s for
``/api/search`` and ``/api/concordance``, one endpoint at a time.

    .venv/bin/python bench/http_load.py --archive hexaglot-archive --clients 20 --seconds 30 --record
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def queries(archive: Path, n: int, seed: int = 7) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Search and concordance parameter sets from words of the archive's sentences."""
    import hexaglot

    rng = random.Random(seed)
    search: list[dict[str, str]] = []
    conc: list[dict[str, str]] = []
    with hexaglot.open(archive, create=False) as a, a.store.snapshot() as c:
        rows = c.execute("SELECT s.text, v.lang FROM sentences s JOIN versions v ON v.id = s.version_id "
                         "ORDER BY random() LIMIT 4000").fetchall()
        pairs = c.execute("SELECT DISTINCT vs.lang, vt.lang FROM alignments al JOIN versions vs ON "
                          "vs.id = al.src_version JOIN versions vt ON vt.id = al.tgt_version").fetchall()
    aligned = {src: [t for s, t in pairs if s == src] for src, _ in pairs}
    for text, lang in rows:
        if lang == "zh":
            runs = re.findall(r"[\u4e00-\u9fff]{2,}", text)
            words = [r[:2] for r in runs]
        else:
            words = [w for w in re.findall(r"[^\W\d_]{5,}", text)]
        if not words:
            continue
        word = rng.choice(words)
        kind = rng.random()
        q = word if kind < 0.6 else (f"{word}*" if lang != "zh" and kind < 0.75 else f'"{word}"')
        search.append({"q": q, "lang": lang} if rng.random() < 0.7 else {"q": q})
        if lang in aligned:
            conc.append({"q": word, "src": lang, "tgt": rng.choice(aligned[lang])})
        if len(search) >= n and len(conc) >= n:
            break
    return search[:n], conc[:n]


class Conn:
    """One keep-alive HTTP/1.1 connection with a minimal client: the load generator shares the two
    cores with the server, so it must cost as little CPU as possible (httpx costs several times more)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await self.reader.readexactly(length)
        return status


async def run(base: str, path: str, params: list[dict[str, str]], clients: int, seconds: float
              ) -> dict[str, float]:
    from urllib.parse import urlencode, urlsplit

    lat: list[float] = []
    errors = 0
    url = urlsplit(base)
    targets = [f"{path}?{urlencode(p)}" for p in params]
    deadline = time.perf_counter() + seconds

    async def worker(k: int) -> None:
        nonlocal errors
        conn = Conn(url.hostname or "127.0.0.1", url.port or 80)
        i = k
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            status = await conn.get(targets[i % len(targets)])
            lat.append(time.perf_counter() - t0)
            errors += status != 200
            i += clients

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(clients)))
    wall = time.perf_counter() - t0
    lat.sort()
    return {"n": len(lat), "rps": len(lat) / wall, "p50": statistics.median(lat) * 1000,
            "p95": lat[int(0.95 * (len(lat) - 1))] * 1000, "max": lat[-1] * 1000, "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=Path, default=Path("hexaglot-archive"))
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=1, help="server processes (hexaglot serve --workers)")
    ap.add_argument("--record", action="store_true", help="write the figures to bench/RESULTS.md")
    args = ap.parse_args()

    search_q, conc_q = queries(args.archive, 500)
    port = free_port()
    env = {**os.environ, "HEXAGLOT_TOKEN": "bench"}
    server = subprocess.Popen([str(REPO / ".venv/bin/hexaglot"), "serve", "--archive", str(args.archive),
                               "--port", str(port), *(["--workers", str(args.workers)] if args.workers > 1 else [])],
                              env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        stats = httpx.get(base + "/api/stats").json()
        # warm-up: every server thread opens its archive once
        asyncio.run(run(base, "/api/search", search_q, args.clients, 3))
        results = {"search": asyncio.run(run(base, "/api/search", search_q, args.clients, args.seconds)),
                   "concordance": asyncio.run(run(base, "/api/concordance", conc_q, args.clients, args.seconds))}
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()
    lines = [f"Archive: {stats['documents']} documents, {stats['sentences']} sentences, {stats['beads']} beads; "
             f"{args.clients} concurrent clients (one keep-alive HTTP/1.1 connection each, a minimal asyncio client) on loopback, {args.seconds:.0f} s per endpoint, "
             f"server `hexaglot serve --workers {args.workers}`; load average after the run "
             f"{load[0]:.1f} on {os.cpu_count()} cores (the clients run on the same 2 cores).", "",
             "| endpoint | requests | requests/s | p50 ms | p95 ms | max ms | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['n']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | "
                     f"{r['errors']} |")
    print("\n".join(lines))
    if args.record:
        from results import write_section

        cmd = (f".venv/bin/python bench/http_load.py --archive {args.archive} --clients {args.clients} "
               f"--seconds {args.seconds:.0f} --workers {args.workers} --record")
        write_section(f"HTTP load ({args.workers} server process{'es' if args.workers > 1 else ''})",
                      "\n".join(lines), cmd)


if __name__ == "__main__":
    main()
