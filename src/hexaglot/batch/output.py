"""OUTPUT as a set of committed waves: staging, completion markers, resume, the run manifest.

An engine writes a wave (a set of whole documents, or the files that failed to parse) into
``OUTPUT/_staging/<wave>/<table>/``. :meth:`Output.commit` then moves its files into
``OUTPUT/<table>/`` (named ``<wave>.<file>``) and writes the marker ``OUTPUT/_waves/<wave>.json``
listing the wave's documents and files. A wave without a marker never happened: :meth:`Output.open`
deletes its files and the staging area, and returns what earlier waves already hold, so a re-run
skips those files and documents. The end of a run writes ``_manifest.json`` and ``_SUCCESS``.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hexaglot.batch.tables import TABLES


class Fs(Protocol):
    """The few file-system operations the commit protocol needs (local, or Hadoop through Spark)."""

    def exists(self, path: str) -> bool: ...
    def is_dir(self, path: str) -> bool: ...
    def names(self, path: str) -> list[str]: ...
    def mkdirs(self, path: str) -> None: ...
    def rename(self, src: str, dst: str) -> None: ...
    def delete(self, path: str) -> None: ...
    def read_text(self, path: str) -> str: ...
    def write_text(self, path: str, text: str) -> None: ...


class LocalFs:
    def exists(self, path: str) -> bool:
        return os.path.exists(path)

    def is_dir(self, path: str) -> bool:
        return os.path.isdir(path)

    def names(self, path: str) -> list[str]:
        return sorted(os.listdir(path)) if os.path.isdir(path) else []

    def mkdirs(self, path: str) -> None:
        os.makedirs(path, exist_ok=True)

    def rename(self, src: str, dst: str) -> None:
        os.replace(src, dst)

    def delete(self, path: str) -> None:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)

    def read_text(self, path: str) -> str:
        return Path(path).read_text(encoding="utf-8")

    def write_text(self, path: str, text: str) -> None:
        tmp = f"{path}.tmp"
        Path(tmp).write_text(text, encoding="utf-8")
        os.replace(tmp, path)


@dataclass
class Done:
    """What committed waves already hold."""

    files: dict[str, str] = field(default_factory=dict)  # path -> sha256
    docs: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    waves: int = 0


def _is_data(name: str) -> bool:
    return not name.startswith(("_", ".")) and not name.endswith(".crc")


class Output:
    def __init__(self, root: str, fs: Fs | None = None) -> None:
        self.root = root.rstrip("/")
        self.fs: Fs = fs or LocalFs()
        self.run_id = time.strftime("%Y%m%dT%H%M%S") + uuid.uuid4().hex[:6]  # unique per run

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def staging(self, wave: str, table: str) -> str:
        return self.path("_staging", wave, table)

    def wave_id(self, k: int, kind: str = "docs") -> str:
        return f"{self.run_id}-{kind}-{k:05d}"

    # -- resume ---------------------------------------------------------------------------------

    def open(self) -> Done:
        """Drop uncommitted leftovers; return what the committed waves hold."""
        fs = self.fs
        fs.mkdirs(self.root)
        fs.delete(self.path("_staging"))
        fs.delete(self.path("_SUCCESS"))
        done = Done()
        markers = {n[:-5] for n in fs.names(self.path("_waves")) if n.endswith(".json")}
        for wave in sorted(markers):
            m = json.loads(fs.read_text(self.path("_waves", f"{wave}.json")))
            done.files.update({p: s for p, s in m["files"]})
            done.docs.update(m["docs"])
            for t, n in m["counts"].items():
                done.counts[t] = done.counts.get(t, 0) + n
            done.waves += 1
        for table in TABLES:
            for folder in self._data_dirs(self.path(table)):
                for name in fs.names(folder):
                    if _is_data(name) and name.split(".", 1)[0] not in markers \
                            and not fs.is_dir(f"{folder}/{name}"):
                        fs.delete(f"{folder}/{name}")  # a wave that crashed before its marker
        return done

    def _data_dirs(self, folder: str) -> list[str]:
        if not self.fs.is_dir(folder):
            return []
        subs = [f"{folder}/{n}" for n in self.fs.names(folder) if "=" in n and self.fs.is_dir(f"{folder}/{n}")]
        return [folder, *subs]

    # -- commit ---------------------------------------------------------------------------------

    def commit(self, wave: str, docs: list[str], files: list[tuple[str, str]], counts: dict[str, int]) -> None:
        """Move the wave's staged files into the tables, then write its marker (nothing for an empty wave)."""
        fs = self.fs
        if not docs and not files and not any(counts.values()):
            fs.delete(self.path("_staging", wave))
            return
        for table in TABLES:
            src_root = self.staging(wave, table)
            for folder in self._data_dirs(src_root):
                rel = folder[len(src_root):].lstrip("/")
                dst = self.path(table, rel) if rel else self.path(table)
                fs.mkdirs(dst)
                for name in fs.names(folder):
                    if _is_data(name) and not fs.is_dir(f"{folder}/{name}"):
                        fs.rename(f"{folder}/{name}", f"{dst}/{wave}.{name}")
        fs.mkdirs(self.path("_waves"))
        marker = {"wave": wave, "docs": sorted(docs), "files": sorted(map(list, files)), "counts": counts}
        fs.write_text(self.path("_waves", f"{wave}.json"), json.dumps(marker, ensure_ascii=False))
        fs.delete(self.path("_staging", wave))

    def finish(self, manifest: dict[str, Any]) -> None:
        for table in TABLES:  # every table exists, even an empty one
            self.fs.mkdirs(self.path(table))
        self.fs.delete(self.path("_staging"))
        self.fs.write_text(self.path("_manifest.json"), json.dumps(manifest, indent=2, ensure_ascii=False))
        self.fs.write_text(self.path("_SUCCESS"), "")


class HadoopFs:
    """:class:`Fs` over Hadoop's FileSystem through the Spark driver's JVM (hdfs://, s3a://, file:)."""

    def __init__(self, spark: Any, root: str) -> None:
        jvm = spark.sparkContext._jvm
        self._jvm = jvm
        self._P = jvm.org.apache.hadoop.fs.Path
        self.fs = self._P(root).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())

    def exists(self, path: str) -> bool:
        return bool(self.fs.exists(self._P(path)))

    def is_dir(self, path: str) -> bool:
        return self.exists(path) and bool(self.fs.getFileStatus(self._P(path)).isDirectory())

    def names(self, path: str) -> list[str]:
        if not self.is_dir(path):
            return []
        return sorted(str(s.getPath().getName()) for s in self.fs.listStatus(self._P(path)))

    def mkdirs(self, path: str) -> None:
        self.fs.mkdirs(self._P(path))

    def rename(self, src: str, dst: str) -> None:
        if not self.fs.rename(self._P(src), self._P(dst)):
            raise OSError(f"cannot move {src} to {dst}")

    def delete(self, path: str) -> None:
        self.fs.delete(self._P(path), True)

    def read_text(self, path: str) -> str:
        stream = self.fs.open(self._P(path))
        try:
            return str(self._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8"))
        finally:
            stream.close()

    def write_text(self, path: str, text: str) -> None:
        tmp = f"{path}.tmp"
        out = self.fs.create(self._P(tmp), True)
        try:
            out.write(bytearray(text.encode("utf-8")))
        finally:
            out.close()
        self.fs.delete(self._P(path), False)
        self.rename(tmp, path)

    def list_files(self, uri: str) -> list[str]:
        """Every file under ``uri`` (a file, a folder, or a glob), as full URIs, sorted."""
        out: list[str] = []
        for st in self.fs.globStatus(self._P(uri)) or []:
            if st.isDirectory():
                it = self.fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    out.append(str(it.next().getPath().toString()))
            else:
                out.append(str(st.getPath().toString()))
        return sorted(x for x in out if not x.rpartition("/")[2].startswith("."))
