// Hexaglot's little bit of JavaScript: the reader's highlighting and the upload progress.
// Served from /static (the Content-Security-Policy allows no inline script).
"use strict";

function initReader() {
  const reader = document.querySelector(".reader");
  if (!reader) return;
  let pinned = null;

  function mark(k, on, cls) {
    reader.querySelectorAll('.sent[data-k="' + k + '"]').forEach(function (el) {
      el.classList.toggle(cls, on);
    });
  }

  reader.addEventListener("mouseover", function (ev) {
    const cell = ev.target.closest(".sent");
    if (cell) mark(cell.dataset.k, true, "hover");
  });
  reader.addEventListener("mouseout", function (ev) {
    const cell = ev.target.closest(".sent");
    if (cell) mark(cell.dataset.k, false, "hover");
  });

  function pin(cell) {
    if (pinned !== null) mark(pinned, false, "active");
    if (pinned === cell.dataset.k) { pinned = null; return; }
    pinned = cell.dataset.k;
    mark(pinned, true, "active");
  }
  reader.addEventListener("click", function (ev) {
    const cell = ev.target.closest(".sent");
    if (cell) pin(cell);
  });
  reader.addEventListener("keydown", function (ev) {
    const cell = ev.target.closest(".sent");
    if (!cell) return;
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pin(cell); }
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const row = cell.closest(".row");
      const next = ev.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
      if (next && next.classList.contains("row") && !next.classList.contains("head")) {
        const same = next.querySelector('.sent[data-lang="' + cell.dataset.lang + '"]');
        if (same) same.focus();
      }
    }
  });
}

function initUpload() {
  const form = document.getElementById("upload");
  if (!form) return;
  const token = document.getElementById("token");
  const saved = sessionStorage.getItem("hexaglot-token");
  if (saved) token.value = saved;
  const box = document.getElementById("job");
  const status = document.getElementById("job-status");
  const bar = document.getElementById("job-progress");
  const docs = document.getElementById("job-docs");
  const errors = document.getElementById("job-errors");
  const doubts = document.getElementById("job-warnings");

  function show(list, items, link) {
    list.replaceChildren();
    items.forEach(function (text) {
      const li = document.createElement("li");
      if (link) {
        const a = document.createElement("a");
        a.href = "/document?symbol=" + encodeURIComponent(text);
        a.textContent = text;
        li.appendChild(a);
      } else {
        li.textContent = text;
      }
      list.appendChild(li);
    });
  }

  async function poll(url) {
    const res = await fetch(url, {headers: {"Accept": "application/json"}});
    const job = await res.json();
    if (!res.ok) { status.textContent = job.error ? job.error.message : "error"; return; }
    bar.value = job.progress;
    const phase = job.phase ? " (" + job.phase + ")" : "";
    status.textContent = job.status === "done" ? "Done: " + job.documents.length + " document(s) in the archive."
      : job.status === "failed" ? "Failed." : job.status + phase + " " + job.done + "/" + (job.total || "?");
    show(docs, job.documents, true);
    show(errors, job.errors, false);
    show(doubts, (job.warnings || []).map(function (w) { return "warning: " + w; }), false);
    box.dataset.status = job.status;
    if (job.status === "queued" || job.status === "running") setTimeout(function () { poll(url); }, 500);
  }

  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    sessionStorage.setItem("hexaglot-token", token.value);
    const data = new FormData();
    Array.from(document.getElementById("files").files).forEach(function (f) { data.append("files", f); });
    box.hidden = false;
    box.dataset.status = "uploading";
    status.textContent = "Uploading…";
    bar.value = 0;
    show(docs, [], false);
    show(errors, [], false);
    show(doubts, [], false);
    const res = await fetch("/api/documents", {
      method: "POST", body: data, headers: {"Authorization": "Bearer " + token.value},
    });
    const body = await res.json().catch(function () { return {}; });
    if (!res.ok) {
      box.dataset.status = "failed";
      status.textContent = "Refused: " + (body.error ? body.error.message : res.status);
      return;
    }
    poll(body.url);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  initReader();
  initUpload();
});
