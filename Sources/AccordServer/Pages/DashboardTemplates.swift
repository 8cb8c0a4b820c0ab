import AccordApp
/// The shared dashboard, one metric's table, and the accounts behind a figure.
enum DashboardTemplates {
    static let card = #"<a class="card metric" href="/metrics/{{id}}" data-metric="{{id}}"><div class="label">{{name}}</div><div class="value" data-value="{{id}}">{{display}}</div><div class="note">{{note}}</div><div class="note">{{owners}} · {{refresh}}</div></a>"#

    static let dashboard = #"""
{{<layout}}
{{$title}}Dashboard · Accord{{/title}}
{{$body}}
<h1>Shared dashboard <span class="note">as of {{asOf}}, computed {{computedAt}}</span></h1>
<h2>Owned by every function</h2>
<div class="cards">{{#shared}}{{> card}}{{/shared}}</div>
<h2>Everything else</h2>
<div class="cards">{{#others}}{{> card}}{{/others}}</div>
<h2 id="cohorts">Net revenue retention by cohort and quarter</h2>
<form class="filters" method="get" action="/dashboard#cohorts"><label>Acquisition source<select name="source">{{#sources}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/sources}}</select></label><button type="submit">Show</button></form>
<p class="note">Each cell: the quarter's NRR over the cohort's clients active at its start (new logos excluded). Select a cell for its clients.</p>
{{#heatmap}}{{#hasCells}}<div class="table-wrap chart"><svg role="img" aria-labelledby="heat-title" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}"><title id="heat-title">NRR by cohort and quarter</title>
{{#columns}}<text x="{{x}}" y="16" text-anchor="middle" class="axis">{{period}}</text>{{/columns}}
{{#labels}}<text x="4" y="{{y}}" class="axis">{{cohort}} ({{clients}})</text>{{/labels}}
{{#cells}}<a href="{{href}}"><rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" fill="{{fill}}" rx="3"><title>{{cohort}} in {{period}}: {{text}}% over {{accounts}} clients</title></rect><text x="{{tx}}" y="{{ty}}" text-anchor="middle" class="cell">{{text}}</text></a>{{/cells}}
</svg></div>{{/hasCells}}{{^hasCells}}<p>No cohort has a quarter after its first one yet.</p>{{/hasCells}}{{/heatmap}}
<h2 id="mrr">MRR bridge, last 12 months</h2>
{{#waterfall}}<div class="table-wrap chart"><svg role="img" aria-labelledby="mrr-title" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}"><title id="mrr-title">MRR from the start to the end of the last 12 months</title>
<line x1="0" x2="{{width}}" y1="{{axis}}" y2="{{axis}}" class="baseline"/>
{{#bars}}<rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" class="bar-{{kind}}"><title>{{label}}: {{value}}</title></rect><text x="{{tx}}" y="{{ty}}" text-anchor="middle" class="cell">{{value}}</text><text x="{{tx}}" y="{{ly}}" text-anchor="middle" class="axis">{{label}}</text>{{/bars}}
</svg></div>{{/waterfall}}
<p><a href="/metrics/mrr_movements">Month by month</a> · <a href="/api/v1/dashboard">All figures as JSON</a></p>
{{/body}}
{{/layout}}
"""#

    static let metric = #"""
{{<layout}}
{{$title}}{{name}} · Accord{{/title}}
{{$body}}
<h1>{{name}}</h1>
<div class="cards"><div class="card"><div class="label">Now</div><div class="value" data-value="{{id}}">{{display}}</div><div class="note">{{note}}</div></div><div class="card"><div class="label">Owners</div><div class="value small">{{owners}}</div><div class="note">refreshed {{refresh}}</div></div></div>
<p>Download: <a href="/api/v1/metrics/{{id}}?format=csv">CSV</a> · <a href="/api/v1/metrics/{{id}}">JSON</a></p>
{{#hasDrills}}<p>The accounts behind it: {{#drills}}<a href="/metrics/{{id}}/accounts{{query}}">{{label}}</a> {{/drills}}</p>{{/hasDrills}}
<div class="table-wrap"><table><thead><tr>{{#columns}}<th scope="col">{{.}}</th>{{/columns}}</tr></thead>
<tbody>{{#rows}}<tr>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/rows}}{{^rows}}<tr><td>No data yet.</td></tr>{{/rows}}</tbody></table></div>
<p><a href="/dashboard">Back to the dashboard</a></p>
{{/body}}
{{/layout}}
"""#

    static let accounts = #"""
{{<layout}}
{{$title}}{{name}}: accounts · Accord{{/title}}
{{$body}}
<h1>{{name}} · {{what}}</h1>
<p><span data-count>{{count}}</span> accounts. <a href="/api/v1/metrics/{{id}}/accounts{{query}}{{#query}}&{{/query}}{{^query}}?{{/query}}format=csv">CSV</a> · <a href="/metrics/{{id}}">Back to {{name}}</a></p>
<div class="table-wrap"><table><thead><tr><th scope="col">Account</th><th scope="col">Segment</th><th scope="col">Source</th><th scope="col">Cohort</th><th scope="col">Stage</th><th scope="col" class="num">MRR</th><th scope="col">CSM</th><th scope="col">Sales rep</th></tr></thead>
<tbody>{{#accounts}}<tr><td><a href="/accounts/{{id}}">{{name}}</a></td><td>{{segment}}</td><td>{{source}}</td><td>{{cohort}}</td><td>{{stage}}</td><td class="num">{{mrr}}</td><td>{{csm}}</td><td>{{rep}}</td></tr>{{/accounts}}{{^accounts}}<tr><td colspan="8">No accounts.</td></tr>{{/accounts}}</tbody></table></div>
{{/body}}
{{/layout}}
"""#
}
