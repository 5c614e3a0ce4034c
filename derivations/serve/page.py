"""The page: one self-contained HTML document (inline CSS, one small inline script), nothing fetched.

The Content-Security-Policy allows only this page's own script (by its hash), inline styles, and
requests back to the same server; no other script, style, font, image or frame can load.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

STYLE = """
:root { --ink:#1d2330; --soft:#5b6474; --line:#d9dde5; --paper:#fbfbfd; --accent:#2d5fa8;
        --good:#16703a; --bad:#c00000; --warn:#a05a00; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink);
       background:var(--paper); }
header { padding:0.9em 2em; background:#fff; border-bottom:1px solid var(--line); display:flex;
         align-items:baseline; gap:1.5em; }
header h1 { font-size:1.25em; margin:0; }
header p { margin:0; color:var(--soft); }
main { display:grid; grid-template-columns:minmax(22em, 1fr) minmax(26em, 1.3fr); gap:1.5em; padding:1.5em 2em; }
section { background:#fff; border:1px solid var(--line); border-radius:0.5em; padding:1em 1.2em; }
h2 { font-size:1em; margin:0 0 0.6em; color:var(--soft); text-transform:uppercase; letter-spacing:0.05em; }
label { display:block; font-weight:600; margin:0.6em 0 0.2em; }
label small { font-weight:400; color:var(--soft); }
textarea { width:100%; font:14px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; padding:0.6em;
           border:1px solid var(--line); border-radius:0.4em; resize:vertical; }
textarea:focus { outline:2px solid var(--accent); border-color:transparent; }
#text { min-height:11em; }
#where { min-height:3.2em; }
.bar { display:flex; align-items:center; gap:1em; margin-top:0.8em; }
button { font:inherit; font-weight:600; padding:0.45em 1.3em; border:0; border-radius:0.4em; color:#fff;
         background:var(--accent); cursor:pointer; }
button:disabled { background:#9aa6b8; cursor:default; }
#status { color:var(--soft); }
.as-read { margin:0; padding:0; list-style:none; }
.as-read li { display:flex; align-items:center; gap:1em; padding:0.15em 0; border-bottom:1px dashed var(--line); }
.as-read math { margin:0.2em 0; }
.n { color:var(--soft); font-size:0.85em; min-width:3.5em; }
.unread .msg, .error { color:var(--bad); }
.note { color:var(--soft); font-size:0.9em; }
.outcome { font-weight:600; font-size:1.05em; margin:0 0 0.6em; }
.outcome.follows { color:var(--good); } .outcome.wrong { color:var(--bad); } .outcome.undecided { color:var(--warn); }
table { border-collapse:collapse; }
.lines { width:100%; margin:0.4em 0 1em; }
.lines th, .lines td, .counterexample th, .counterexample td { padding:0.3em 0.7em; border-bottom:1px solid var(--line);
          text-align:left; vertical-align:middle; }
.lines .why { color:var(--soft); font-size:0.88em; }
.lines math { font-size:1.15em; }
.as-read li { overflow-x:auto; }
label.auto { display:inline; font-weight:400; margin:0; }
.lines tr.wrong { background:#fdecec; }
.diagnosis { border-left:4px solid var(--bad); padding:0.4em 1em; background:#fff7f7; border-radius:0 0.4em 0.4em 0; }
.diagnosis .found { font-size:1.05em; }
.counterexample { margin:0.5em 0; font-size:0.95em; }
.empty { color:var(--soft); font-style:italic; }
code { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:0.92em; }
nav { margin-left:auto; display:flex; gap:0.3em; }
.tab { background:transparent; color:var(--accent); border:1px solid var(--line); }
.tab[aria-selected="true"] { background:var(--accent); color:#fff; }
button.quiet { background:#fff; color:var(--accent); border:1px solid var(--accent); }
select { max-width:100%; }
.tab { white-space:nowrap; }
select, input[type=number] { font:inherit; padding:0.3em 0.5em; border:1px solid var(--line); border-radius:0.4em; }
#answer { min-height:7em; }
.statement { font-size:1.05em; }
.hint { margin-top:0.8em; padding:0.4em 0.8em; background:#f3f6fb; border-radius:0.4em; }
.grade { font-size:1.05em; }
[hidden] { display:none !important; }
@media (max-width: 60em) { main { grid-template-columns:1fr; } }
"""

SCRIPT = """
"use strict";
const $ = (id) => document.getElementById(id);
const READ_PAUSE = 300, CHECK_PAUSE = 2000;
let readTimer = 0, checkTimer = 0, reading = null, checking = null;

function payload() {
  const where = $("where").value.split("\\n").map((s) => s.trim()).filter((s) => s);
  return JSON.stringify({text: $("text").value, where: where});
}
async function ask(path, control, body) {
  const response = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
                                      body: body || payload(), signal: control.signal});
  let data;
  try { data = await response.json(); } catch (e) { data = {error: response.status + " " + response.statusText}; }
  return data;
}
function message(box, text) {
  box.replaceChildren();
  const p = document.createElement("p");
  p.className = "error";
  p.textContent = text;
  box.appendChild(p);
}
async function read() {
  if (reading) reading.abort();
  if (!$("text").value.trim()) { $("read").innerHTML = '<p class="empty">Nothing typed yet.</p>'; return; }
  const control = reading = new AbortController();
  try {
    const data = await ask("/api/read", control);
    if (control !== reading) return;
    if (data.error) message($("read"), data.error); else $("read").innerHTML = data.html;
  } catch (e) { if (e.name !== "AbortError") message($("read"), "the server did not answer: " + e.message); }
}
async function check() {
  clearTimeout(checkTimer);
  if (checking) checking.abort();
  if (!$("text").value.trim()) return;
  const control = checking = new AbortController();
  $("status").textContent = "checking\\u2026";
  $("go").disabled = true;
  try {
    const data = await ask("/api/check", control);
    if (control !== checking) return;
    if (data.error) message($("verdicts"), data.error); else $("verdicts").innerHTML = data.html;
    $("status").textContent = data.seconds ? "checked in " + data.seconds.toFixed(1) + " s" : "";
  } catch (e) {
    if (e.name !== "AbortError") { message($("verdicts"), "the server did not answer: " + e.message);
                                   $("status").textContent = ""; }
  } finally { if (control === checking) { $("go").disabled = false; checking = null; } }
}
function changed() {
  clearTimeout(readTimer); clearTimeout(checkTimer);
  if (checking) { checking.abort(); checking = null; $("go").disabled = false; $("status").textContent = ""; }
  readTimer = setTimeout(read, READ_PAUSE);
  if ($("auto").checked) checkTimer = setTimeout(check, CHECK_PAUSE);
}
$("text").addEventListener("input", changed);
$("where").addEventListener("input", changed);
$("go").addEventListener("click", check);
$("text").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) check(); });

let hintsGiven = 0, hintsAll = 0, posed = null;
async function exercise(action, box, extra) {
  const control = new AbortController();
  const body = JSON.stringify(Object.assign({topic: $("topic").value, seed: parseInt($("seed").value || "0", 10),
                                             action: action}, extra || {}));
  $("exstatus").textContent = action === "grade" ? "grading\u2026" : "";
  try {
    const data = await ask("/api/exercise", control, body);
    $("exstatus").textContent = "";
    if (data.error) { message(box, data.error); return null; }
    box.innerHTML = data.html;
    return data;
  } catch (e) { $("exstatus").textContent = ""; message(box, "the server did not answer: " + e.message); return null; }
}
async function pose() {
  for (const id of ["hints", "grade", "solution"]) $(id).replaceChildren();
  const data = await exercise("pose", $("problem"));
  posed = data; hintsGiven = 0; hintsAll = data ? data.hints : 0;
  for (const id of ["grade-go", "hint-go", "solution-go"]) $(id).disabled = !data;
  $("hint-go").disabled = !data || hintsAll === 0;
}
async function nextHint() {
  const box = document.createElement("div");
  $("hints").appendChild(box);
  if (await exercise("hint", box, {k: hintsGiven + 1})) hintsGiven += 1;
  $("hint-go").disabled = hintsGiven >= hintsAll;
}
function show(tab) {
  for (const name of ["check", "exercise"]) {
    $("tab-" + name).setAttribute("aria-selected", String(name === tab));
    $("mode-" + name).hidden = name !== tab;
  }
}
$("tab-check").addEventListener("click", () => show("check"));
$("tab-exercise").addEventListener("click", () => show("exercise"));
$("pose-go").addEventListener("click", pose);
$("hint-go").addEventListener("click", nextHint);
$("solution-go").addEventListener("click", () => exercise("solution", $("solution")));
$("grade-go").addEventListener("click", () => exercise("grade", $("grade"), {answer: $("answer").value}));
"""

BODY = """
<header><h1>dlmath</h1><p>Type a derivation in LaTeX, one step a line. Each line is checked against the
line before it; the first wrong line is diagnosed.</p>
<nav><button type="button" class="tab" id="tab-check" aria-selected="true">Check a derivation</button>
<button type="button" class="tab" id="tab-exercise" aria-selected="false">Exercises</button></nav></header>
<main id="mode-check">
<section id="input">
  <h2>Your derivation</h2>
  <label for="text">Lines <small>first <code>LHS = RHS</code>, then lines starting with <code>=</code>,
    <code>\\le</code> or <code>\\ge</code></small></label>
  <textarea id="text" spellcheck="false" autocomplete="off" placeholder="PLACEHOLDER"></textarea>
  <label for="where">Conditions and definitions <small>one a line, e.g. <code>x &gt; 0</code>,
    <code>z = wx + b</code></small></label>
  <textarea id="where" spellcheck="false" autocomplete="off"></textarea>
  <div class="bar"><button id="go" type="button">Check</button>
    <label class="auto"><input type="checkbox" id="auto" checked> check when I pause</label>
    <span id="status" role="status"></span></div>
  <h2 style="margin-top:1.2em">As dlmath reads it</h2>
  <div id="read" aria-live="polite"><p class="empty">Nothing typed yet.</p></div>
</section>
<section>
  <h2>Line by line</h2>
  <div id="verdicts" aria-live="polite"><p class="empty">Press Check (or Ctrl-Enter), or pause typing.</p></div>
</section>
</main>
<main id="mode-exercise" hidden>
<section>
  <h2>An exercise</h2>
  <label for="topic">Topic</label><select id="topic">TOPICS</select>
  <label for="seed">Seed <small>the same seed poses the same problem, for a whole class</small></label>
  <input id="seed" type="number" min="0" value="0">
  <div class="bar"><button id="pose-go" type="button">Pose it</button></div>
  <div id="problem"></div>
  <label for="answer">Your answer</label>
  <textarea id="answer" spellcheck="false" autocomplete="off"></textarea>
  <div class="bar"><button id="grade-go" type="button" disabled>Grade</button>
    <button id="hint-go" type="button" class="quiet" disabled>A hint</button>
    <button id="solution-go" type="button" class="quiet" disabled>The solution</button>
    <span id="exstatus" role="status"></span></div>
  <div id="hints"></div>
</section>
<section>
  <h2>Your grade</h2>
  <div id="grade" aria-live="polite"></div>
  <div id="solution"></div>
</section>
</main>
"""


EXAMPLE = (r"\frac{\partial}{\partial w}\frac{1}{2}(\sigma(wx+b)-y)^2 = (\sigma(wx+b)-y)\sigma'(wx+b)x"
           "&#10;" r"= (\sigma(wx+b)-y)\sigma(wx+b)(1-\sigma(wx+b))x")
BODY = BODY.replace("PLACEHOLDER", EXAMPLE)


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def page_html(topics: dict[str, str]) -> str:
    """The page, its exercise topics (name: description) listed in the topic menu."""
    options = "".join(f'<option value="{escape(name)}">{escape(name)}: {escape(text)}</option>'
                      for name, text in topics.items())
    return PAGE.replace("TOPICS", options, 1)


PAGE = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dlmath — check a derivation</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
        f"<body>{BODY}<script>{SCRIPT}</script></body></html>")

# Nothing from anywhere else: scripts only this page's own (by hash), requests only to this server.
CSP = (f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src 'unsafe-inline'; connect-src 'self'; "
       "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
