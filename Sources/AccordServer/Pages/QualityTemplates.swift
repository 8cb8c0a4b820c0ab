import AccordApp
/// The renewal calendar and the sources and data quality page.
enum QualityTemplates {
    static let renewals = #"""
{{<layout}}
{{$title}}Renewals · Accord{{/title}}
{{$body}}
<h1>Renewals in the next {{days}} days <span class="note">as of {{asOf}}</span></h1>
<div class="cards">
<div class="card"><div class="label">Renewing</div><div class="value" data-value="renewals">{{count}}</div><div class="note">{{mrr}} MRR due</div></div>
{{#risks}}<a class="card" href="/renewals?risk={{id}}&days={{days}}"><div class="label">{{label}}</div><div class="value" data-value="risk-{{id}}">{{count}}</div><div class="note">{{mrr}} MRR</div></a>{{/risks}}
</div>
<form class="filters" method="get" action="/renewals"><label>Risk<select name="risk">{{#riskOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/riskOptions}}</select></label>
<label>Days ahead<input type="number" name="days" min="1" max="366" value="{{days}}"></label><button type="submit">Show</button></form>
<p class="note">High: an outcome missed, or no decision-maker or influencer engaged in 90 days. Medium: an outcome at risk, or single-threaded. <a href="/api/v1/renewals?days={{days}}&format=csv">CSV</a> · <a href="/api/v1/renewals?days={{days}}">JSON</a></p>
{{#months}}<h2>{{month}}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Renews</th><th scope="col">Account</th><th scope="col" class="num">MRR</th><th scope="col">CSM</th><th scope="col">Risk</th><th scope="col">Outcomes</th><th scope="col">Why</th></tr></thead>
<tbody>{{#rows}}<tr data-account="{{account}}"><td>{{renewal}} <span class="note">{{daysLeft}}</span></td><td><a href="/accounts/{{account}}">{{name}}</a>{{#expansion}} <span class="stage state-on_track">expansion signal</span>{{/expansion}}</td><td class="num">{{mrr}}</td><td>{{csm}}</td><td><span class="stage risk-{{risk}}">{{risk}}</span></td>
<td>{{#outcomes}}<span class="stage state-{{state}}" title="{{outcome}}: {{label}}">{{outcome}}</span> {{/outcomes}}{{^outcomes}}—{{/outcomes}}</td><td>{{reasons}}</td></tr>{{/rows}}</tbody></table></div>{{/months}}
{{^months}}<p>No renewal{{#risk}} with {{risk}} risk{{/risk}} in the next {{days}} days.</p>{{/months}}
{{/body}}
{{/layout}}
"""#

    static let dataQuality = #"""
{{<layout}}
{{$title}}Sources and data quality · Accord{{/title}}
{{$body}}
<h1>Sources and data quality <span class="note">computed {{computedAt}}</span></h1>
<div class="cards">
<a class="card" href="/metrics/data_completeness"><div class="label">Data completeness</div><div class="value" data-value="data_completeness">{{completeness}}</div><div class="note">fields filled and events on plan, over expected</div></a>
<a class="card" href="/metrics/time_to_insight"><div class="label">Time to insight</div><div class="value" data-value="time_to_insight">{{insight}}</div><div class="note">slowest source, p95 arrival lag</div></a>
<div class="card"><div class="label">Kept aside</div><div class="value" data-value="quarantined">{{quarantined}}</div><div class="note">events that broke the tracking plan, waiting for a fix</div></div>
</div>
<h2>Per source</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Source</th><th scope="col">System</th><th scope="col">Sync</th><th scope="col" class="num">Completeness</th><th scope="col" class="num">Lag p50</th><th scope="col" class="num">Lag p95</th><th scope="col">Last received</th><th scope="col" class="num">Flagged</th><th scope="col" class="num">Kept aside</th></tr></thead>
<tbody>{{#sources}}<tr data-source="{{id}}"><td>{{id}}</td><td>{{system}}</td><td>{{refresh}}</td><td class="num">{{completeness}}</td><td class="num">{{p50}}</td><td class="num">{{p95}}</td><td>{{last}}</td><td class="num">{{flagged}}</td><td class="num">{{quarantined}}</td></tr>{{/sources}}</tbody></table></div>
<h2>Fields of the client record</h2>
<p class="note">For each field a source feeds, the share of records that have it. A field two sources feed shows the same share under both: it is read on the one client record.</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Source</th><th scope="col">Field</th><th scope="col" class="num">Filled</th><th scope="col" class="num">Of</th><th scope="col" class="num">Share</th><th scope="col">Bar</th></tr></thead>
<tbody>{{#fields}}<tr><td>{{source}}</td><td>{{field}}</td><td class="num">{{present}}</td><td class="num">{{expected}}</td><td class="num">{{share}}</td><td><svg width="120" height="10" role="img" aria-label="{{share}}"><rect width="120" height="10" fill="#eef2ff"/><rect width="{{bar}}" height="10" fill="{{fill}}"/></svg></td></tr>{{/fields}}</tbody></table></div>
<h2>Tracking plan breaches</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Source</th><th scope="col">Event</th><th scope="col">Breach</th><th scope="col" class="num">Flagged in the log</th><th scope="col" class="num">Kept aside</th></tr></thead>
<tbody>{{#violations}}<tr><td>{{source}}</td><td>{{event}}</td><td>{{kind}}</td><td class="num">{{flagged}}</td><td class="num">{{quarantined}}</td></tr>{{/violations}}{{^violations}}<tr><td colspan="5">Every event follows the tracking plan.</td></tr>{{/violations}}</tbody></table></div>
{{/body}}
{{/layout}}
"""#
}
