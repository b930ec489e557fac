"""The HTML report's style sheet: inline, system fonts only, readable at 800px and on paper."""

from __future__ import annotations

from vp_tui.model.scoring import Verdict

VERDICT_CLASSES = {
    Verdict.ALIGNED: "aligned",
    Verdict.AT_RISK: "at-risk",
    Verdict.OUT_OF_SYNC: "out-of-sync",
    Verdict.INCOMPLETE: "incomplete",
}
"""The CSS class that colours each verdict (colour is the second signal, after words)."""

CSS = """
:root {
  --ink: #1d2025; --muted: #5a6170; --line: #d8dce3; --soft: #f4f5f7; --paper: #fff;
  --aligned: #1d6f30; --aligned-bg: #e4f3e8;
  --at-risk: #8a5300; --at-risk-bg: #fff1d1;
  --out-of-sync: #ad2219; --out-of-sync-bg: #fde6e3;
  --incomplete: #555b66; --incomplete-bg: #eceef1;
  --prompt: #4b3c9e; --prompt-bg: #f1effc;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--soft); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Liberation Sans", "DejaVu Sans", sans-serif;
}
main { max-width: 880px; margin: 0 auto; padding: 24px 16px 40px; }
.card {
  background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 18px 22px; margin: 0 0 18px;
}
.component { border-top: 6px solid var(--verdict, var(--line)); }
.kicker {
  margin: 0; font-size: 12px; letter-spacing: .08em; text-transform: uppercase;
  color: var(--muted);
}
a { color: inherit; text-decoration-color: var(--line); text-underline-offset: 3px; }
h1 { font-size: 26px; line-height: 1.25; margin: 4px 0 14px; overflow-wrap: anywhere; }
h2 {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 6px 12px; font-size: 20px; line-height: 1.3; margin: 0 0 6px;
  break-after: avoid;
}
h3 { font-size: 15px; margin: 16px 0 6px; break-after: avoid; }
p { margin: 6px 0; }
.lead { color: var(--muted); margin: 0 0 12px; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
dl.facts {
  display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 14px;
}
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.badge {
  display: inline-block; padding: 1px 10px; border: 1px solid currentColor;
  border-radius: 999px; font-size: 13px; font-weight: 700; letter-spacing: .02em;
  white-space: nowrap; vertical-align: middle;
}
.aligned { --verdict: var(--aligned); --verdict-bg: var(--aligned-bg); }
.at-risk { --verdict: var(--at-risk); --verdict-bg: var(--at-risk-bg); }
.out-of-sync { --verdict: var(--out-of-sync); --verdict-bg: var(--out-of-sync-bg); }
.incomplete { --verdict: var(--incomplete); --verdict-bg: var(--incomplete-bg); }
.badge { color: var(--verdict); background: var(--verdict-bg); }
.badge.incomplete { font-style: italic; }
.overall {
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin: 0 0 12px;
  padding: 12px 16px; border-left: 6px solid var(--verdict); border-radius: 6px;
  background: var(--verdict-bg);
}
.overall .label { font-size: 18px; font-weight: 700; }
.overall .badge { font-size: 16px; padding: 2px 14px; background: var(--paper); }
.overall p { flex-basis: 100%; margin: 0; }
.table-wrap { overflow-x: auto; margin: 8px 0; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; color: var(--muted); padding: 0 0 4px; }
th, td {
  padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; overflow-wrap: break-word;
}
thead th { font-size: 13px; font-weight: 600; color: var(--muted); border-bottom-width: 2px; }
tbody th { font-weight: 600; min-width: 9em; }
/* A name wraps between its words, never inside one: a wide table scrolls instead. */
thead th { min-width: 5.5em; overflow-wrap: normal; word-break: normal; hyphens: manual; }
.num { text-align: right; }
td.num { white-space: nowrap; }
tr { break-inside: avoid; }
tr.flagged > :first-child { box-shadow: inset 4px 0 0 var(--verdict); }
td.self { background: var(--soft); font-weight: 700; }
tr.total th, tr.total td { border-top: 2px solid var(--line); }
.dealbreaker { display: block; font-size: 12px; font-weight: 600; color: var(--out-of-sync); }
.checks { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 10px; }
.check {
  border: 1px solid var(--line); border-left: 5px solid var(--verdict); border-radius: 6px;
  padding: 8px 12px;
}
.check .question { font-weight: 700; display: block; }
.flag {
  margin: 10px 0 0; padding: 8px 12px; border-radius: 6px; font-weight: 600;
  color: var(--at-risk); background: var(--at-risk-bg); border: 1px solid var(--at-risk);
}
.waiting {
  margin: 10px 0 0; padding: 8px 12px; border-radius: 6px;
  background: var(--incomplete-bg); color: var(--incomplete);
}
.prompts {
  margin: 14px 0 0; padding: 10px 14px 10px 14px; border-radius: 6px;
  background: var(--prompt-bg); border-left: 5px solid var(--prompt); break-inside: avoid;
}
.prompts h3 { margin: 0 0 4px; color: var(--prompt); }
.prompts ol { margin: 0; padding-left: 22px; }
.prompts li { margin: 4px 0; }
ul.plain { list-style: none; padding: 0; margin: 6px 0; }
ul.plain li { padding: 6px 0; border-bottom: 1px solid var(--line); }
ul.plain li:last-child { border-bottom: 0; }
.about { display: block; font-size: 13px; font-weight: 600; color: var(--muted); }
.text { white-space: pre-line; overflow-wrap: anywhere; }
.owner { font-weight: 700; }
svg.bars { display: block; width: 100%; max-width: 780px; height: auto; margin: 6px 0 10px; }
svg.bars text { font-family: inherit; font-size: 13px; fill: var(--ink); }
svg.bars .partner { font-weight: 700; font-size: 14px; }
svg.bars .axis { fill: var(--muted); font-size: 12px; }
svg.bars .missing { fill: var(--muted); font-style: italic; }
svg.bars .grid { stroke: var(--line); stroke-width: 1; }
svg.bars .zero { stroke: var(--muted); stroke-width: 1.5; }
svg.bars .benefit { fill: #2f6bb3; }
svg.bars .cost { fill: #d98a2b; }
svg.bars .net { fill: #1d6f30; }
svg.bars .loss { fill: #ad2219; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
@media (max-width: 640px) {
  main { padding: 12px 8px 24px; }
  .card { padding: 14px 12px; }
  h1 { font-size: 22px; }
}
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .card { border: 0; border-radius: 0; padding: 0 0 10pt; margin: 0 0 12pt; }
  .component { border-top: 4pt solid var(--verdict, var(--line)); padding-top: 8pt; }
  .table-wrap { overflow: visible; }
  h1 { font-size: 18pt; }
  h2 { font-size: 14pt; }
  svg.bars { max-width: 16cm; }
  svg.bars, .checks, .check, .flag, .overall, .waiting, ul.plain li { break-inside: avoid; }
}
"""
"""The style sheet of every HTML report."""
