import AccordApp
/// Pages for handoffs: the inbox with the submission form, one handoff with its chain and the
/// decision form, and the weekly triage report with the notes form.
enum HandoffTemplates {
    static let row = #"<tr><td><a href="/handoffs/{{id}}">{{id}}</a></td><td>{{handoff}}</td><td><a href="/accounts/{{account}}">{{account}}</a></td><td>{{status}}</td><td>{{submittedBy}}</td><td>{{submittedAt}}</td><td>{{dueAt}}</td><td>{{note}}</td></tr>"#
    static let head = #"<thead><tr><th scope="col">Handoff</th><th scope="col">Transition</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">From</th><th scope="col">Submitted (UTC)</th><th scope="col">Due (UTC)</th><th scope="col">Note</th></tr></thead>"#

    static let inbox = #"""
{{<layout}}
{{$title}}Handoffs · Accord{{/title}}
{{$body}}
<h1>Handoff inbox{{#whose}} · {{whose}}{{/whose}}</h1>
<form class="filters" method="get" action="/handoffs"><label>Function<select name="function">{{#functions}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/functions}}</select></label><button type="submit">Show</button>{{#mine}} <a href="/handoffs?person=mine">Only mine</a>{{/mine}}</form>
<div class="cards"><div class="card"><div class="label">Overdue</div><div class="value">{{overdueCount}}</div></div><div class="card"><div class="label">Waiting</div><div class="value">{{waitingCount}}</div></div><div class="card"><div class="label">Rejected, last 30 days</div><div class="value">{{rejectedCount}}</div></div></div>
<h2>Overdue</h2><div class="table-wrap"><table>{{> head}}<tbody>{{#overdue}}{{> row}}{{/overdue}}{{^overdue}}<tr><td colspan="8">Nothing overdue.</td></tr>{{/overdue}}</tbody></table></div>
<h2>Waiting</h2><div class="table-wrap"><table>{{> head}}<tbody>{{#waiting}}{{> row}}{{/waiting}}{{^waiting}}<tr><td colspan="8">Nothing waiting.</td></tr>{{/waiting}}</tbody></table></div>
<h2>Rejected</h2><div class="table-wrap"><table>{{> head}}<tbody>{{#rejected}}{{> row}}{{/rejected}}{{^rejected}}<tr><td colspan="8">No rejections in the last 30 days.</td></tr>{{/rejected}}</tbody></table></div>
{{#hasSubmittable}}<h2>Submit a handoff</h2>
<form class="sign-in" method="post" action="/handoffs">{{#csrf}}<input type="hidden" name="csrf_token" value="{{csrf}}">{{/csrf}}
<label>Transition<select name="handoff">{{#submittable}}<option value="{{id}}">{{name}}</option>{{/submittable}}</select></label>
<label>Account id<input name="account" required placeholder="acc_…"></label>
<label>Rejected handoff this resubmits (optional)<input name="previous" placeholder="hnd_…"></label>
<label>Payload (JSON; the fields each transition needs are below)<textarea name="payload" rows="10" required>{}</textarea></label>
<button type="submit">Submit</button></form>
{{#submittable}}<details><summary>{{name}}: fields</summary><pre class="change">{{template}}</pre></details>{{/submittable}}{{/hasSubmittable}}
{{/body}}
{{/layout}}
"""#

    static let detail = #"""
{{<layout}}
{{$title}}{{id}} · Accord{{/title}}
{{$body}}
<h1>{{name}} · {{status}}</h1>
<dl><dt>Handoff</dt><dd>{{id}}</dd><dt>Account</dt><dd><a href="/accounts/{{account}}">{{account}}</a></dd><dt>From</dt><dd>{{from}} ({{submittedBy}})</dd><dt>To</dt><dd>{{to}}</dd>
<dt>Submitted</dt><dd>{{submittedAt}} UTC</dd><dt>Due</dt><dd>{{dueAt}} UTC{{#breachedAt}} · <span class="problem">SLA breached {{breachedAt}}</span>{{/breachedAt}}</dd>
{{#decidedBy}}<dt>Decided</dt><dd>{{decidedAt}} UTC by {{decidedBy}}</dd>{{/decidedBy}}{{#reason}}<dt>Reason</dt><dd>{{reason}}: {{comment}}</dd>{{/reason}}</dl>
{{#hasProblems}}<h2>Problems</h2><ul>{{#problems}}<li class="problem"><strong>{{field}}</strong>: {{message}}</li>{{/problems}}</ul>{{/hasProblems}}
<h2>Payload</h2><pre class="change">{{payload}}</pre>
{{#canDecide}}<h2>Decide</h2>
<form class="sign-in" method="post" action="/handoffs/{{id}}/decision">{{#csrf}}<input type="hidden" name="csrf_token" value="{{csrf}}">{{/csrf}}
<label>Decision<select name="decision"><option value="accept">Accept</option><option value="reject">Reject</option></select></label>
<label>Reason (to reject)<select name="reason"><option value="">—</option>{{#reasons}}<option value="{{.}}">{{.}}</option>{{/reasons}}</select></label>
<label>Comment (to reject: what to fix)<textarea name="comment" rows="3"></textarea></label>
<button type="submit">Record decision</button></form>{{/canDecide}}
{{#hasEarlier}}<h2>Earlier submissions</h2><div class="table-wrap"><table>{{> head}}<tbody>{{#earlier}}{{> row}}{{/earlier}}</tbody></table></div>{{/hasEarlier}}
{{/body}}
{{/layout}}
"""#

    static let triage = #"""
{{<layout}}
{{$title}}Triage {{week}} · Accord{{/title}}
{{$body}}
<h1>Handoff triage · {{week}}</h1>
<form class="filters" method="get" action="/reports/triage"><label>Week<input name="week" value="{{week}}"></label><button type="submit">Show</button></form>
<div class="cards"><div class="card"><div class="label">Submitted</div><div class="value">{{submitted}}</div></div><div class="card"><div class="label">Rejected</div><div class="value">{{rejections}}</div></div><div class="card"><div class="label">SLA breaches</div><div class="value">{{breaches}}</div></div><div class="card"><div class="label">Time to decision</div><div class="value">{{median}}</div><div class="note">median · p90 {{p90}}</div></div></div>
{{#groups}}<h2>{{title}}</h2><div class="table-wrap"><table><thead><tr><th scope="col">{{column}}</th><th scope="col" class="num">Rejections</th></tr></thead><tbody>{{#counts}}<tr><td>{{key}}</td><td class="num">{{count}}</td></tr>{{/counts}}{{^counts}}<tr><td colspan="2">None.</td></tr>{{/counts}}</tbody></table></div>{{/groups}}
<h2>SLA breaches</h2><div class="table-wrap"><table>{{> head}}<tbody>{{#slaBreaches}}{{> row}}{{/slaBreaches}}{{^slaBreaches}}<tr><td colspan="8">None this week.</td></tr>{{/slaBreaches}}</tbody></table></div>
<h2>Root causes and proposals</h2><ul>{{#notes}}<li><strong>{{kind}}</strong>{{#handoff}} ({{handoff}}){{/handoff}}: {{text}} — {{by}}</li>{{/notes}}{{^notes}}<li>Nothing written back yet.</li>{{/notes}}</ul>
{{#canNote}}<form class="sign-in" method="post" action="/reports/triage/notes">{{#csrf}}<input type="hidden" name="csrf_token" value="{{csrf}}">{{/csrf}}<input type="hidden" name="week" value="{{week}}">
<label>Kind<select name="kind"><option value="root_cause">Root cause</option><option value="proposal">Proposed change to acceptance criteria</option></select></label>
<label>Transition (optional)<select name="handoff"><option value="">—</option>{{#transitions}}<option value="{{id}}">{{name}}</option>{{/transitions}}</select></label>
<label>Note<textarea name="text" rows="3" required></textarea></label><button type="submit">Write back</button></form>{{/canNote}}
{{/body}}
{{/layout}}
"""#

    static let portfolio = #"""
{{<layout}}
{{$title}}Outcomes · Accord{{/title}}
{{$body}}
<h1>Outcomes across {{accounts}} clients</h1>
<form class="filters" method="get" action="/outcomes"><label>Break down by<select name="by">{{#groupings}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/groupings}}</select></label><button type="submit">Show</button></form>
{{#rows}}<h2>{{outcome}} <span class="note">({{model}})</span></h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">{{groupName}}</th>{{#states}}<th scope="col" class="num">{{.}}</th>{{/states}}</tr></thead>
<tbody><tr><td><strong>All</strong></td>{{#total}}<td class="num"><strong>{{.}}</strong></td>{{/total}}</tr>
{{#groups}}<tr><td>{{name}}</td>{{#counts}}<td class="num">{{.}}</td>{{/counts}}</tr>{{/groups}}</tbody>
</table></div>{{/rows}}
{{^rows}}<p>No outcome model covers a segment with clients yet.</p>{{/rows}}
{{/body}}
{{/layout}}
"""#
}
