import AccordApp
/// Pages for the outcome model: its versions with signatures and diffs, the propose and sign
/// forms, and the quarterly validation report.
enum OutcomeTemplates {
    static let models = #"""
{{<layout}}
{{$title}}Outcome models · Accord{{/title}}
{{$body}}
<h1>Outcome models</h1>
<p>What a successful client looks like 12 months in, signed by the leader of every function. A change is a new draft; the active version stays in force until every function has signed the draft.</p>
{{#message}}<p class="problem" role="alert">{{message}}</p>{{/message}}
{{#models}}<section id="{{id}}"><h2>{{name}} <span class="note">({{id}} · segment {{segment}} · active: {{active}})</span></h2>
{{#versions}}<details{{#canSign}} open{{/canSign}}><summary>Version {{version}} · <span class="stage state-{{status}}">{{status}}</span>{{#hasMissing}} · waiting for {{missing}}{{/hasMissing}}</summary>
<dl><dt>Proposed</dt><dd>{{createdAt}} UTC by {{createdBy}}</dd>{{#activatedAt}}<dt>Active since</dt><dd>{{activatedAt}} UTC</dd>{{/activatedAt}}
<dt>Signatures</dt><dd>{{#signatures}}{{function}}: {{person}}, {{at}} UTC<br>{{/signatures}}{{^signatures}}none yet{{/signatures}}</dd>
{{#hasChanges}}<dt>Changed from the version before</dt><dd>{{#changes}}{{.}}<br>{{/changes}}</dd>{{/hasChanges}}</dl>
<div class="table-wrap"><table><thead><tr><th scope="col">Outcome</th><th scope="col">Measure</th><th scope="col" class="num">Target</th><th scope="col" class="num">By day</th><th scope="col">Description</th></tr></thead>
<tbody>{{#outcomes}}<tr><td>{{id}}</td><td>{{measure}}</td><td class="num">{{target}}</td><td class="num">{{day}}</td><td>{{description}}</td></tr>{{/outcomes}}</tbody></table></div>
{{#canSign}}<form method="post" action="/outcome-models/{{id}}/versions/{{version}}/sign">{{#csrf}}<input type="hidden" name="csrf_token" value="{{csrf}}">{{/csrf}}<button type="submit">Sign version {{version}} for {{signingAs}}</button></form>{{/canSign}}
</details>{{/versions}}</section>{{/models}}
{{^models}}<p>No outcome model yet. The spec's <code>outcome_models</code> section, or the form below, adds one.</p>{{/models}}
{{#canPropose}}<h2>Propose a model or a change</h2>
<form class="sign-in wide" method="post" action="/outcome-models">{{#csrf}}<input type="hidden" name="csrf_token" value="{{csrf}}">{{/csrf}}
<label>Model (JSON: an existing id makes a new version of that model; measure kinds are usage_ratio and event_count)<textarea name="model" rows="18" required>{{draft}}</textarea></label>
<button type="submit">Propose</button></form>{{/canPropose}}
{{/body}}
{{/layout}}
"""#

    static let validation = #"""
{{<layout}}
{{$title}}Outcome validation · Accord{{/title}}
{{$body}}
<h1>Outcome validation · quarterly refresh</h1>
<p>For clients that reached their renewal date: did those that achieved an outcome renew more often than those that did not?</p>
<div class="cards"><div class="card"><div class="label">Clients at renewal</div><div class="value" data-key="accounts">{{accounts}}</div></div><div class="card"><div class="label">Renewal rate</div><div class="value" data-key="renewalRate">{{renewalRate}}</div></div><div class="card"><div class="label">Predictive power (AUC)</div><div class="value" data-key="auc">{{auc}}</div><div class="note">50% is chance</div></div></div>
{{#hasFlagged}}<p class="problem" role="alert">Do not predict renewal, review at the refresh: {{#flagged}}{{.}} {{/flagged}}</p>{{/hasFlagged}}
<div class="table-wrap"><table><thead><tr><th scope="col">Outcome</th><th scope="col" class="num">Achieved</th><th scope="col" class="num">Not achieved</th><th scope="col" class="num">Renewed if achieved</th><th scope="col" class="num">Renewed if not</th><th scope="col" class="num">Lift</th><th scope="col">95% interval of the difference</th><th scope="col" class="num">Expanded if achieved</th><th scope="col" class="num">Expanded if not</th><th scope="col">Verdict</th></tr></thead>
<tbody>{{#rows}}<tr><td>{{outcome}}</td><td class="num">{{achieved}}</td><td class="num">{{notAchieved}}</td><td class="num">{{renewedYes}}</td><td class="num">{{renewedNo}}</td><td class="num">{{lift}}</td><td>{{interval}}</td><td class="num">{{expandedYes}}</td><td class="num">{{expandedNo}}</td><td>{{#predicts}}<span class="stage state-achieved">{{verdict}}</span>{{/predicts}}{{^predicts}}<span class="stage state-missed">{{verdict}}</span>{{/predicts}}</td></tr>{{/rows}}
{{^rows}}<tr><td colspan="10">No client has reached renewal yet.</td></tr>{{/rows}}</tbody></table></div>
<h2>90-day adoption per sales rep</h2>
<p class="note">Share of each rep's closed clients, 90 days or more after signing, whose weekly active seats reached {{threshold}} of licensed seats within 90 days.</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Sales rep</th><th scope="col" class="num">Closed</th><th scope="col" class="num">Adopted</th><th scope="col" class="num">Rate</th></tr></thead>
<tbody>{{#adoption}}<tr><td>{{rep}}</td><td class="num">{{closed}}</td><td class="num">{{adopted}}</td><td class="num">{{rate}}</td></tr>{{/adoption}}{{^adoption}}<tr><td colspan="4">No closed clients are 90 days old yet.</td></tr>{{/adoption}}</tbody></table></div>
{{/body}}
{{/layout}}
"""#
}
