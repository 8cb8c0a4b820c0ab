import AccordApp
/// Server-rendered pages. Kept in code rather than resource files so the one `accord` binary
/// carries everything it serves. `{{ }}` escapes HTML; nothing here uses the raw form.
enum PageTemplates {
    static let layout = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{$title}}Accord{{/title}}</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%232456d6'/%3E%3C/svg%3E">
<style>
:root { --ink:#1d2433; --muted:#5b6478; --line:#dfe3ea; --accent:#2456d6; --good:#1f7a4d; --bad:#b3261e; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header { background:#fff; border-bottom:1px solid var(--line); padding:12px 24px; display:flex; gap:16px; align-items:baseline; flex-wrap:wrap; }
header strong { font-size:18px; }
header span { color:var(--muted); }
main { padding:20px 24px; max-width:1200px; margin:0 auto; }
a { color:var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline:3px solid #9db7ff; outline-offset:1px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(170px, 1fr)); gap:12px; margin-bottom:20px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.card .label { color:var(--muted); font-size:13px; }
.card .value { font-size:24px; font-weight:600; font-variant-numeric: tabular-nums; }
.card .note { color:var(--muted); font-size:12px; }
form.filters { display:flex; flex-wrap:wrap; gap:8px; margin-bottom:12px; align-items:end; }
form.filters label { display:flex; flex-direction:column; font-size:13px; color:var(--muted); }
input, select, button { font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; background:#fff; }
button { background:var(--accent); color:#fff; border-color:var(--accent); cursor:pointer; }
.table-wrap { overflow-x:auto; background:#fff; border:1px solid var(--line); border-radius:8px; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); white-space:nowrap; }
th { font-size:13px; color:var(--muted); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
.stage { font-size:12px; padding:2px 8px; border-radius:10px; background:#eef2ff; }
.stage-churned { background:#fde8e7; color:var(--bad); }
.stage-advocacy, .state-achieved, .state-on_track { background:#e3f4ea; color:var(--good); }
.state-missed, .state-at_risk, .risk-high { background:#fde8e7; color:var(--bad); }
.risk-medium { background:#fff4d6; color:#7a5200; }
.risk-low { background:#e3f4ea; color:var(--good); }
.pager { margin-top:12px; display:flex; gap:16px; color:var(--muted); }
dl { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
dt { color:var(--muted); }
h1 { font-size:22px; margin:4px 0 12px; }
h2 { font-size:17px; margin:24px 0 8px; }
nav.viewer { margin-left:auto; display:flex; gap:12px; align-items:center; flex-wrap:wrap; }
nav.viewer form { margin:0; }
form.sign-in { max-width:360px; background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px; display:flex; flex-direction:column; gap:10px; }
form.sign-in label { display:flex; flex-direction:column; font-size:13px; color:var(--muted); gap:4px; }
.problem { color:var(--bad); }
form.sign-in.wide { max-width:720px; }
textarea { font:13px/1.4 ui-monospace, monospace; padding:6px 8px; border:1px solid var(--line); border-radius:6px; width:100%; }
details { margin:8px 0; }
a.card.metric { color:inherit; text-decoration:none; display:block; }
a.card.metric:hover { border-color:var(--accent); }
.card .value.small { font-size:15px; }
.chart { padding:8px; }
svg text.axis { font-size:11px; fill:var(--muted); }
svg text.cell { font-size:11px; fill:var(--ink); pointer-events:none; }
svg .bar-total { fill:#8aa4e8; } svg .bar-up { fill:#5fb98a; } svg .bar-down { fill:#e07a73; }
svg line.baseline { stroke:var(--line); }
summary { cursor:pointer; padding:4px 0; }
pre.change { margin:0; white-space:pre-wrap; font-size:12px; max-width:420px; }
</style>
</head>
<body>
<header><strong><a href="/" style="color:inherit;text-decoration:none">Accord</a></strong><span>{{organization}}</span>
{{#viewer}}<nav class="viewer"><a href="/dashboard">Dashboard</a> <a href="/">Accounts</a> <a href="/renewals">Renewals</a> <a href="/data-quality">Data quality</a> <a href="/handoffs">Handoffs</a> <a href="/outcomes">Outcomes</a> <a href="/outcome-models">Outcome models</a> <a href="/reports/outcome-validation">Validation</a> <a href="/reports/triage">Triage</a>{{#canAudit}} <a href="/audit">Audit log</a>{{/canAudit}}
<span>{{name}} · {{role}}</span>{{#csrf}}<form method="post" action="/sign-out"><input type="hidden" name="csrf_token" value="{{csrf}}"><button type="submit">Sign out</button></form>{{/csrf}}</nav>{{/viewer}}</header>
<main>
{{$body}}{{/body}}
</main>
</body>
</html>
"""#

    static let home = #"""
{{<layout}}
{{$title}}Accounts · Accord{{/title}}
{{$body}}
<h1>Accounts</h1>
<section class="cards" aria-label="Headline numbers">
  <div class="card"><div class="label">Active clients</div><div class="value" data-metric="active_clients">{{headline.activeClients}}</div><div class="note">{{headline.churnedClients}} churned · {{headline.prospects}} prospects</div></div>
  <div class="card"><div class="label">MRR</div><div class="value" data-metric="mrr">{{headline.mrr}}</div><div class="note">ARR {{headline.arr}}</div></div>
  <div class="card"><div class="label">NPS, last 12 months</div><div class="value" data-metric="nps">{{headline.nps}}</div><div class="note">{{headline.npsResponses}} responses</div></div>
  <div class="card"><div class="label">CSAT, last 12 months</div><div class="value" data-metric="csat">{{headline.csat}}</div><div class="note">{{headline.csatResponses}} responses · % rating 4 or 5</div></div>
</section>
<form class="filters" method="get" action="/">
  <label>Search <input type="search" name="q" value="{{filters.q}}" placeholder="Name or domain"></label>
  <label>Segment <select name="segment">{{#segments}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/segments}}</select></label>
  <label>Stage <select name="stage">{{#stages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/stages}}</select></label>
  <label>Sourced by <select name="source">{{#sources}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sources}}</select></label>
  <button type="submit">Filter</button>
</form>
<div class="table-wrap">
<table>
<caption class="visually-hidden" style="text-align:left;padding:8px 10px;color:var(--muted)">{{total}} accounts</caption>
<thead><tr><th scope="col">Account</th><th scope="col">Segment</th><th scope="col">Stage</th><th scope="col">Sourced by</th><th scope="col">Cohort</th><th scope="col" class="num">Seats</th><th scope="col" class="num">MRR</th><th scope="col">Renewal</th><th scope="col">CSM</th></tr></thead>
<tbody>
{{#accounts}}
<tr><td><a href="/accounts/{{id}}">{{name}}</a></td><td>{{segment}}</td><td><span class="stage stage-{{stage}}">{{stage}}</span></td><td>{{source}}</td><td>{{cohort}}</td><td class="num">{{seats}}</td><td class="num">{{mrr}}</td><td>{{renewal}}</td><td>{{csm}}</td></tr>
{{/accounts}}
{{^accounts}}<tr><td colspan="9">No accounts match. Load the demo company with <code>accord demo</code>, or clear the filters.</td></tr>{{/accounts}}
</tbody>
</table>
</div>
<div class="pager">{{#nextLink}}<a href="{{nextLink}}" rel="next">Next page</a>{{/nextLink}}<span>Showing {{shown}} of {{total}}</span></div>
{{/body}}
{{/layout}}
"""#

    static let account = #"""
{{<layout}}
{{$title}}{{name}} · Accord{{/title}}
{{$body}}
<p><a href="/">← Accounts</a></p>
<h1>{{name}}</h1>
<dl>
  <dt>Account id</dt><dd><code>{{id}}</code></dd>
  <dt>Domain</dt><dd>{{domain}}</dd>
  <dt>Segment</dt><dd>{{segment}}</dd>
  <dt>Stage</dt><dd><span class="stage stage-{{stage}}">{{stage}}</span></dd>
  <dt>Sourced by</dt><dd>{{source}} · cohort {{cohort}}</dd>
  <dt>MRR</dt><dd>{{mrr}}{{#renewal}} · renews {{renewal}}{{/renewal}}</dd>
  <dt>Licensed seats</dt><dd>{{seats}}</dd>
  <dt>Owners</dt><dd>CS {{csm}} · Sales {{sales}}</dd>
  {{#churned}}<dt>Churned</dt><dd>{{churned}} ({{churnReason}})</dd>{{/churned}}
</dl>
{{#scorecard}}<h2>Outcomes · {{model}}{{^modelSigned}} (draft, not signed by every function yet){{/modelSigned}}</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Outcome</th><th scope="col">State</th><th scope="col" class="num">Now</th><th scope="col" class="num">Target</th><th scope="col">Due</th><th scope="col">Evidence</th></tr></thead>
<tbody>{{#outcomes}}<tr><td>{{outcome}}</td><td><span class="stage state-{{state}}">{{label}}</span></td><td class="num">{{value}}</td><td class="num">{{target}}</td><td>{{due}}</td><td>{{evidence}}</td></tr>{{/outcomes}}</tbody>
</table></div>{{/scorecard}}
<h2>Stakeholders</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Title</th><th scope="col" class="num">Influence</th><th scope="col">Last engaged</th></tr></thead>
<tbody>{{#contacts}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{title}}</td><td class="num">{{influence}}</td><td>{{lastEngaged}}</td></tr>{{/contacts}}</tbody>
</table></div>
<h2>MRR history</h2>
{{#mrrChart}}<div class="table-wrap chart"><svg role="img" aria-labelledby="mrr-history-title" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}"><title id="mrr-history-title">MRR from {{from}} to {{to}}</title>
<line x1="0" x2="{{width}}" y1="{{axis}}" y2="{{axis}}" class="baseline"/><path d="{{path}}" fill="none" stroke="#3355cc" stroke-width="2"/>
{{#marks}}<circle cx="{{x}}" cy="{{y}}" r="3.5" fill="#3355cc"><title>{{label}}</title></circle>{{/marks}}
<text x="4" y="{{peakY}}" class="axis">peak {{peak}}</text><text x="4" y="{{ly}}" class="axis">{{from}}</text><text x="{{toX}}" y="{{ly}}" text-anchor="end" class="axis">{{to}}</text>
</svg></div>{{/mrrChart}}
<div class="table-wrap"><table>
<thead><tr><th scope="col">Date</th><th scope="col">Movement</th><th scope="col" class="num">Change</th><th scope="col" class="num">MRR after</th></tr></thead>
<tbody>{{#movements}}<tr><td>{{date}}</td><td>{{kind}}</td><td class="num">{{amount}}</td><td class="num">{{after}}</td></tr>{{/movements}}</tbody>
</table></div>
<h2>Timeline</h2>
<p class="note">Events from every source and the handoffs between functions, newest first.</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Source</th></tr></thead>
<tbody>{{#timeline}}<tr class="timeline-{{kind}}"><td>{{when}}</td><td>{{#link}}<a href="{{link}}">{{what}}</a>{{/link}}{{^link}}{{what}}{{/link}}</td><td>{{source}}</td></tr>{{/timeline}}{{^timeline}}<tr><td colspan="3">Nothing yet.</td></tr>{{/timeline}}</tbody>
</table></div>
{{/body}}
{{/layout}}
"""#

    static let notFound = #"""
{{<layout}}
{{$title}}Not found · Accord{{/title}}
{{$body}}
<h1>Not found</h1>
<p>{{message}}</p>
<p><a href="/">Back to accounts</a></p>
{{/body}}
{{/layout}}
"""#

    static let signIn = #"""
{{<layout}}
{{$title}}Sign in · Accord{{/title}}
{{$body}}
<h1>Sign in</h1>
{{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
<form class="sign-in" method="post" action="/sign-in">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <input type="hidden" name="next" value="{{next}}">
  <label>Email <input type="email" name="email" value="{{email}}" autocomplete="username" required autofocus></label>
  <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>
<p>No password yet? An administrator sets one with <code>accord user passwd EMAIL</code>.</p>
{{/body}}
{{/layout}}
"""#

    /// Any other failure a page request meets: its status as the heading, and what to do.
    static let problem = #"""
{{<layout}}
{{$title}}{{heading}} · Accord{{/title}}
{{$body}}
<h1>{{heading}}</h1>
<p>{{message}}</p>
<p><a href="/">Back to accounts</a></p>
{{/body}}
{{/layout}}
"""#

    static let forbidden = #"""
{{<layout}}
{{$title}}Not allowed · Accord{{/title}}
{{$body}}
<h1>Not allowed</h1>
<p>{{message}}</p>
<p><a href="/">Back to accounts</a></p>
{{/body}}
{{/layout}}
"""#

    static let audit = #"""
{{<layout}}
{{$title}}Audit log · Accord{{/title}}
{{$body}}
<h1>Audit log</h1>
<p>Every change to the spec, people, tokens and sources, newest last. Nothing here can be edited or deleted.</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">#</th><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">From</th><th scope="col">What</th><th scope="col">Target</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
<tbody>{{#entries}}<tr><td class="num">{{seq}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{origin}}</td><td>{{action}}</td><td>{{target}}</td><td><pre class="change">{{before}}</pre></td><td><pre class="change">{{after}}</pre></td></tr>{{/entries}}
{{^entries}}<tr><td colspan="8">Nothing has changed yet.</td></tr>{{/entries}}</tbody>
</table></div>
<div class="pager">{{#nextLink}}<a href="{{nextLink}}" rel="next">Next page</a>{{/nextLink}}</div>
{{/body}}
{{/layout}}
"""#
}
