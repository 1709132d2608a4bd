// Package usecase is the one table of what the portal lets people do, and
// on which edge: each use case names the service method(s) that do it, the
// page routes (internal/web) and the API routes (internal/api) that offer
// it. The parity test (parity_test.go) fails when an edge registers a route
// that is in no use case, when a use case is on one edge and not the other
// without a reason, or when an edge's handler does not reach the use
// case's service method: the pages and the API do the same thing through
// the same service call, with the same authorization (which the service
// decides).
//
// To add a page or an API operation: add its route to its use case here
// (or a new use case, with both edges' routes), and the test tells what is
// missing.
package usecase

// UseCase is one thing a person does, as both edges offer it.
type UseCase struct {
	Name string
	// Service lists the service methods the use case is: every one of them
	// is reached by a page route and by an API route of the use case.
	Service []string
	Pages   []string // "GET /declaraties/{id}", as internal/web registers it
	API     []string // "GET /api/v1/declarations/{id}", as internal/api registers it
	// BrowserOnly says why the use case has no API route (login and the
	// like: what only a person at a browser does).
	BrowserOnly string
	// APIOnly says why the use case has no page.
	APIOnly string
	// Note says why Service is empty: the edges show the same objects
	// through different reads (a page of a search, the whole list).
	Note string
}

// All is every use case of the portal.
var All = []UseCase{
	// ---- Sessions: the browser's; the API authenticates each request with a bearer token ----
	{Name: "session/login", Pages: []string{"GET /inloggen", "POST /inloggen", "GET /inloggen/code", "POST /inloggen/code", "POST /uitloggen"},
		BrowserOnly: "the API authenticates every request with a bearer token; it has no session to log in to or out of"},
	{Name: "session/login_oidc", Pages: []string{"GET /inloggen/oidc/{provider}", "GET /inloggen/oidc/terug", "POST /inloggen/oidc/kies"},
		BrowserOnly: "a login at an identity provider (OIDC) sends the browser there and back to start a session; the API has no session and takes a bearer token"},
	{Name: "session/language", Pages: []string{"GET /taal"}, BrowserOnly: "the API follows Accept-Language on each request"},
	{Name: "session/switch_role", Pages: []string{"POST /rol"}, BrowserOnly: "an API token acts in the one role it was made in"},
	{Name: "statements/static", Pages: []string{"GET /toegankelijkheid", "GET /privacy"}, BrowserOnly: "text pages (accessibility, privacy statement)"},
	{Name: "password/reset", Pages: []string{"GET /wachtwoord-vergeten", "POST /wachtwoord-vergeten", "GET /wachtwoord-herstellen/{token}", "POST /wachtwoord-herstellen/{token}"},
		BrowserOnly: "a password is reset by the link in an e-mail, by someone who cannot log in"},
	{Name: "account/second_factor", Pages: []string{"GET /tweestaps", "POST /tweestaps", "POST /account/herstelcodes"},
		BrowserOnly: "the second factor and its recovery codes guard the browser login; a token is not a login"},
	{Name: "account/password", Pages: []string{"POST /account/wachtwoord"},
		BrowserOnly: "the password is the browser login's secret: a token, which may leak from a system, must not change it"},
	{Name: "account/sessions", Pages: []string{"POST /account/sessies/{ref}/beeindigen"}, BrowserOnly: "ends a browser session"},
	{Name: "invitation/accept", Pages: []string{"GET /uitnodiging/{token}", "POST /uitnodiging/{token}", "GET /uitnodiging-budgethouder/{token}", "POST /uitnodiging-budgethouder/{token}"},
		BrowserOnly: "accepting an invitation makes the account, before it has a token"},

	// ---- Me ----
	{Name: "me/roles", Service: []string{"MyRoles"}, API: []string{"GET /api/v1/me"},
		APIOnly: "who the token is; the pages show the person and role in their menu on every page"},
	{Name: "me/own_data", Service: []string{"MyData"}, Pages: []string{"GET /account/mijn-gegevens", "GET /account/mijn-gegevens.json"}, API: []string{"GET /api/v1/me/data"}},
	{Name: "me/mail_notices", Service: []string{"MailNotices", "SetMailNotices"}, Pages: []string{"GET /account", "POST /account/meldingen"},
		API: []string{"GET /api/v1/me/mail-notices", "PUT /api/v1/me/mail-notices"}},
	{Name: "me/tokens", Service: []string{"APITokens", "CreateAPIToken", "RevokeAPIToken"}, Pages: []string{"GET /account", "POST /account/tokens", "POST /account/tokens/{id}/intrekken"},
		API: []string{"GET /api/v1/me/tokens", "POST /api/v1/me/tokens", "POST /api/v1/me/tokens/{id}/revoke"}},
	{Name: "worklist", Service: []string{"WorkList"}, Pages: []string{"GET /{$}"}, API: []string{"GET /api/v1/worklist"}},
	{Name: "inbox/list", Service: []string{"Inbox"}, Pages: []string{"GET /berichten"}, API: []string{"GET /api/v1/inbox"}},
	{Name: "inbox/read_all", Service: []string{"MarkRead"}, Pages: []string{"POST /berichten/gelezen"}, API: []string{"POST /api/v1/inbox/read"}},
	{Name: "inbox/open", Service: []string{"OpenNotice"}, Pages: []string{"POST /berichten/{id}/openen"}, API: []string{"POST /api/v1/inbox/{id}/read"}},
	{Name: "events/feed", Service: []string{"Events"}, API: []string{"GET /api/v1/events"},
		APIOnly: "the change feed is for systems that follow changes with a cursor; people see the same changes in their inbox and on the pages"},
	{Name: "jobs/show", Service: []string{"Job"}, Pages: []string{"GET /taken/{id}"}, API: []string{"GET /api/v1/jobs/{id}"}},
	{Name: "exports/start", Service: []string{"StartExportJob"}, Pages: []string{"POST /declaraties/export"}, API: []string{"POST /api/v1/exports"}},
	{Name: "exports/file", Service: []string{"ExportFile"}, Pages: []string{"GET /taken/{id}/bestand"}, API: []string{"GET /api/v1/jobs/{id}/file"}},

	// ---- Own details ----
	{Name: "holder/contact", Service: []string{"UpdateContact"}, Pages: []string{"GET /gegevens", "POST /gegevens"},
		API: []string{"GET /api/v1/budget-holders/{id}/contact", "PUT /api/v1/budget-holders/{id}/contact", "PATCH /api/v1/budget-holders/{id}/contact"}},
	{Name: "provider/details", Service: []string{"UpdateProviderDetails"}, Pages: []string{"GET /gegevens", "POST /gegevens"}, API: []string{"PATCH /api/v1/providers/{id}"}},
	{Name: "mandates", Service: []string{"GrantMandate", "RevokeMandate"}, Pages: []string{"GET /gegevens", "POST /gegevens/machtigingen", "POST /gegevens/machtigingen/{id}/intrekken"},
		API: []string{"GET /api/v1/mandates", "POST /api/v1/mandates", "POST /api/v1/mandates/{id}/revoke"}},

	// ---- Budget holders, representatives, grants ----
	{Name: "budget_holders/search", Service: []string{"SearchBudgetHolders"}, Pages: []string{"GET /budgethouders"}, API: []string{"GET /api/v1/budget-holders"}},
	{Name: "budget_holders/create", Service: []string{"CreateBudgetHolder"}, Pages: []string{"GET /budgethouders/nieuw", "POST /budgethouders/nieuw"}, API: []string{"POST /api/v1/budget-holders"}},
	{Name: "budget_holders/show", Service: []string{"BudgetHolder", "GrantsOf", "Representatives"}, Pages: []string{"GET /budgethouders/{id}"},
		API: []string{"GET /api/v1/budget-holders/{id}", "GET /api/v1/budget-holders/{id}/grants", "GET /api/v1/budget-holders/{id}/representatives"}},
	{Name: "representatives/add", Service: []string{"AddRepresentative"}, Pages: []string{"POST /budgethouders/{id}/vertegenwoordigers"}, API: []string{"POST /api/v1/budget-holders/{id}/representatives"}},
	{Name: "representatives/proof", Service: []string{"RepresentationProof"}, Pages: []string{"GET /budgethouders/{id}/vertegenwoordigers/{rid}/bewijs"},
		API: []string{"GET /api/v1/budget-holders/{id}/representatives/{repId}/proof"}},
	{Name: "grants/create", Service: []string{"CreateGrant"}, Pages: []string{"GET /budgethouders/{id}/toekenningen/nieuw", "POST /budgethouders/{id}/toekenningen/nieuw"},
		API: []string{"POST /api/v1/budget-holders/{id}/grants"}},
	{Name: "grants/show", Service: []string{"Grant", "SettlementOfGrant"}, Pages: []string{"GET /toekenningen/{id}"},
		API: []string{"GET /api/v1/grants/{id}", "GET /api/v1/grants/{id}/balance", "GET /api/v1/grants/{id}/settlement"}},
	{Name: "grants/claim_free_amount", Service: []string{"ClaimFreeAmount"}, Pages: []string{"POST /toekenningen/{id}/vrij-besteedbaar"}, API: []string{"POST /api/v1/grants/{id}/free-amount-claims"}},
	{Name: "grants/revise", Service: []string{"ReviseGrant"}, Pages: []string{"GET /toekenningen/{id}/herzien", "POST /toekenningen/{id}/herzien"}, API: []string{"POST /api/v1/grants/{id}/revisions"}},
	{Name: "year_overview", Service: []string{"HolderYearOverview"}, Pages: []string{"GET /jaaroverzicht/{year}", "GET /jaaroverzicht/{year}/pdf"}, API: []string{"GET /api/v1/year-overviews/{year}"}},

	// ---- Providers and tariffs ----
	{Name: "providers", Service: []string{"SearchProviders", "CreateProvider"}, Pages: []string{"GET /zorgverleners", "POST /zorgverleners"},
		API: []string{"GET /api/v1/providers", "POST /api/v1/providers", "GET /api/v1/providers/{id}"}},
	{Name: "tariffs/list", Service: []string{"Tariffs", "TariffLaws"}, Pages: []string{"GET /tarieven"}, API: []string{"GET /api/v1/tariffs"}},
	{Name: "tariffs/set", Service: []string{"PutTariff"}, Pages: []string{"POST /tarieven"}, API: []string{"POST /api/v1/tariffs"}},

	// ---- Agreements ----
	{Name: "agreements/list", Pages: []string{"GET /overeenkomsten"}, API: []string{"GET /api/v1/agreements"},
		Note: "the page shows a page of a search (AgreementList), the API the whole list (Agreements); both list what the role may see"},
	{Name: "agreements/create", Service: []string{"CreateAgreement"}, Pages: []string{"GET /overeenkomsten/nieuw", "POST /overeenkomsten/nieuw"}, API: []string{"POST /api/v1/agreements"}},
	{Name: "invitations/provider", Service: []string{"InviteProvider"}, Pages: []string{"POST /overeenkomsten/nieuw"}, API: []string{"POST /api/v1/provider-invitations"}},
	{Name: "agreements/paper", Service: []string{"RegisterPaperAgreement", "AgreementScan"}, Pages: []string{"GET /overeenkomsten/papier", "POST /overeenkomsten/papier", "GET /overeenkomsten/{id}/scan/{sid}"},
		API: []string{"POST /api/v1/paper-agreements", "GET /api/v1/agreements/{id}/scans/{scanId}"}},
	// The PDF is the same agreement printed; the API gives it as JSON.
	{Name: "agreements/show", Service: []string{"Agreement"}, Pages: []string{"GET /overeenkomsten/{id}", "GET /overeenkomsten/{id}/pdf"}, API: []string{"GET /api/v1/agreements/{id}"}},
	{Name: "agreements/edit", Service: []string{"UpdateAgreement"}, Pages: []string{"GET /overeenkomsten/{id}/bewerken", "POST /overeenkomsten/{id}/bewerken"}, API: []string{"PUT /api/v1/agreements/{id}"}},
	{Name: "agreements/act", Service: []string{"Act"}, Pages: []string{"POST /overeenkomsten/{id}/actie"}, API: []string{"POST /api/v1/agreements/{id}/{action}"}},
	{Name: "agreements/messages", Service: []string{"Messages", "PostMessage"},
		Pages: []string{"GET /overeenkomsten/{id}/berichten", "POST /overeenkomsten/{id}/berichten", "GET /overeenkomsten/{id}/berichten/pdf"},
		API:   []string{"GET /api/v1/agreements/{id}/messages", "POST /api/v1/agreements/{id}/messages"}},
	{Name: "sick_reports", Service: []string{"SickReports", "ReportSick", "ReportRecovered"}, Pages: []string{"GET /overeenkomsten/{id}", "POST /overeenkomsten/{id}/ziekmelding"},
		API: []string{"GET /api/v1/agreements/{id}/sick-reports", "POST /api/v1/agreements/{id}/sick-reports", "POST /api/v1/agreements/{id}/sick-reports/{reportId}/recovery"}},

	// ---- Declarations ----
	{Name: "declarations/list", Pages: []string{"GET /declaraties"}, API: []string{"GET /api/v1/declarations"},
		Note: "the page shows a page of a search (DeclarationList), the API the whole list (Declarations); the held queue below is the same search"},
	{Name: "declarations/held_queue", Service: []string{"DeclarationList"}, Pages: []string{"GET /declaraties"}, API: []string{"GET /api/v1/held-declarations"}},
	{Name: "declarations/create", Service: []string{"EnterDeclaration"}, Pages: []string{"GET /declaraties/nieuw", "POST /declaraties/nieuw"}, API: []string{"POST /api/v1/declarations"}},
	{Name: "declarations/repeat", Service: []string{"DeclarationGrid"}, Pages: []string{"GET /declaraties/nieuw"}, API: []string{"GET /api/v1/agreements/{id}/declaration-proposal"}},
	{Name: "declarations/batch", Service: []string{"BatchDeclarations", "StartBatchJob"}, Pages: []string{"GET /declaraties/bulk", "POST /declaraties/bulk"}, API: []string{"POST /api/v1/declarations/batch"}},
	{Name: "declarations/batch_results", Service: []string{"BatchJob"}, Pages: []string{"GET /taken/{id}/uitkomst"}, API: []string{"GET /api/v1/jobs/{id}/results"}},
	{Name: "declarations/paper", Service: []string{"RegisterPaperDeclaration"}, Pages: []string{"GET /declaraties/papier", "POST /declaraties/papier"}, API: []string{"POST /api/v1/paper-declarations"}},
	// The PDF is the same declaration printed; the API gives it as JSON.
	{Name: "declarations/show", Service: []string{"Declaration"}, Pages: []string{"GET /declaraties/{id}", "GET /declaraties/{id}/pdf"}, API: []string{"GET /api/v1/declarations/{id}"}},
	{Name: "declarations/act", Service: []string{"ActOnDeclaration"}, Pages: []string{"POST /declaraties/{id}/actie"}, API: []string{"POST /api/v1/declarations/{id}/{action}"}},
	{Name: "declarations/attach", Service: []string{"AttachToDeclaration"}, Pages: []string{"POST /declaraties/{id}/bijlage"}, API: []string{"POST /api/v1/declarations/{id}/attachments"}},
	{Name: "declarations/attachments", Service: []string{"Declaration", "DeclarationAttachment"}, Pages: []string{"GET /declaraties/{id}", "GET /declaraties/{id}/bijlage/{aid}"},
		API: []string{"GET /api/v1/declarations/{id}/attachments", "GET /api/v1/declarations/{id}/attachments/{aid}"}},
	{Name: "declarations/messages", Service: []string{"DeclarationMessages", "PostDeclarationMessage"},
		Pages: []string{"GET /declaraties/{id}/berichten", "POST /declaraties/{id}/berichten", "GET /declaraties/{id}/berichten/pdf"},
		API:   []string{"GET /api/v1/declarations/{id}/messages", "POST /api/v1/declarations/{id}/messages"}},

	// ---- Payments ----
	{Name: "payruns/list", Service: []string{"PayRuns"}, Pages: []string{"GET /betaalruns"}, API: []string{"GET /api/v1/payruns"}},
	// Starting a payment run, reading a status report and making the
	// settlements are long work: a page starts it as a job (service.Start…Job,
	// which queues it; the job calls the method with the same actor) and
	// shows its progress (jobs/show). The test follows the queue.
	{Name: "payruns/start", Service: []string{"StartPayRunJob", "StartPayRun", "WritePayRunFile"}, Pages: []string{"POST /betaalruns"}, API: []string{"POST /api/v1/payruns"}},
	{Name: "payruns/show", Service: []string{"PayRun"}, Pages: []string{"GET /betaalruns/{id}"}, API: []string{"GET /api/v1/payruns/{id}"}},
	{Name: "payruns/file", Service: []string{"WritePayRunFile", "PayRunFile"}, Pages: []string{"POST /betaalruns/{id}/bestand", "GET /betaalruns/{id}/bestand"},
		API: []string{"POST /api/v1/payruns/{id}/file", "GET /api/v1/payruns/{id}/file"}},
	{Name: "payruns/execute", Service: []string{"ExecutePayRun"}, Pages: []string{"POST /betaalruns/{id}/uitgevoerd"}, API: []string{"POST /api/v1/payruns/{id}/execute"}},
	{Name: "payruns/status_report", Service: []string{"StartPayRunStatusJob", "ImportPayRunStatus"}, Pages: []string{"POST /betaalruns/{id}/bankbestand"}, API: []string{"POST /api/v1/payruns/{id}/status-report"}},
	{Name: "payments/list", Service: []string{"ProviderPayments"}, Pages: []string{"GET /betalingen"}, API: []string{"GET /api/v1/payments"}},
	{Name: "payments/year_statement", Service: []string{"ProviderYearStatement"}, Pages: []string{"GET /betalingen/jaaropgave/{year}", "GET /betalingen/jaaropgave/{year}/pdf"},
		API: []string{"GET /api/v1/payments/year-statements/{year}"}},

	// ---- Settlements ----
	{Name: "settlements/list", Service: []string{"EachSettlement"}, Pages: []string{"GET /eindafrekeningen", "GET /eindafrekeningen.csv"}, API: []string{"GET /api/v1/settlements"}},
	{Name: "settlements/make", Service: []string{"StartSettlementsJob", "MakeSettlements"}, Pages: []string{"POST /eindafrekeningen"}, API: []string{"POST /api/v1/settlements"}},
	{Name: "settlements/show", Service: []string{"Settlement"}, Pages: []string{"GET /eindafrekeningen/{id}", "GET /eindafrekeningen/{id}/pdf"},
		API: []string{"GET /api/v1/settlements/{id}", "GET /api/v1/settlements/{id}/pdf"}},
	{Name: "settlements/act", Service: []string{"AnswerSettlement", "ApproveSettlement", "CorrectSettlement"}, Pages: []string{"POST /eindafrekeningen/{id}/actie"},
		API: []string{"POST /api/v1/settlements/{id}/{action}"}},

	// ---- The beheerder ----
	{Name: "admin/accounts", Service: []string{"ListAccounts", "CreateAccount", "AddRole", "ResetPassword"},
		Pages: []string{"GET /beheer/accounts", "POST /beheer/accounts", "POST /beheer/accounts/{id}/rollen", "POST /beheer/accounts/{id}/wachtwoord"},
		API:   []string{"GET /api/v1/accounts", "POST /api/v1/accounts", "POST /api/v1/accounts/{id}/roles", "POST /api/v1/accounts/{id}/password-reset"}},

	// ---- Find care: budget holders ask for care, providers show a profile and answer ----
	{Name: "find_care/overview", Service: []string{"MyRequests", "SearchProfiles", "MyProfile", "ProviderRequests", "OpenReports"}, Pages: []string{"GET /zorg-vinden"},
		API: []string{"GET /api/v1/care-profiles", "GET /api/v1/me/care-profile", "GET /api/v1/care-requests", "GET /api/v1/care-reports"}},
	{Name: "find_care/profile_edit", Service: []string{"MyProfile", "SaveProfile"}, Pages: []string{"GET /zorg-vinden/profiel", "POST /zorg-vinden/profiel"},
		API: []string{"GET /api/v1/me/care-profile", "PUT /api/v1/me/care-profile"}},
	{Name: "find_care/profile_show", Service: []string{"Profile"}, Pages: []string{"GET /zorgprofielen/{id}"}, API: []string{"GET /api/v1/care-profiles/{id}"}},
	{Name: "find_care/request_create", Service: []string{"PostRequest"}, Pages: []string{"GET /zorgvragen/nieuw", "POST /zorgvragen/nieuw"}, API: []string{"POST /api/v1/care-requests"}},
	{Name: "find_care/request_show", Service: []string{"Request"}, Pages: []string{"GET /zorgvragen/{id}"}, API: []string{"GET /api/v1/care-requests/{id}"}},
	{Name: "find_care/request_answer", Service: []string{"Answer"}, Pages: []string{"POST /zorgvragen/{id}/berichten"}, API: []string{"POST /api/v1/care-requests/{id}/messages"}},
	{Name: "find_care/request_close", Service: []string{"CloseRequest"}, Pages: []string{"POST /zorgvragen/{id}/sluiten"}, API: []string{"POST /api/v1/care-requests/{id}/close"}},
	{Name: "find_care/report", Service: []string{"Report"}, Pages: []string{"POST /zorgprofielen/{id}/melden", "POST /zorgvragen/{id}/melden"},
		API: []string{"POST /api/v1/care-profiles/{id}/reports", "POST /api/v1/care-requests/{id}/reports"}},
	{Name: "find_care/hide", Service: []string{"Hide"}, Pages: []string{"POST /zorgprofielen/{id}/verbergen", "POST /zorgvragen/{id}/verbergen"},
		API: []string{"POST /api/v1/care-profiles/{id}/hide", "POST /api/v1/care-requests/{id}/hide"}},
	// The care-needs questionnaire: its report and PDF are the same answers printed;
	// the API gives the answers as JSON.
	{Name: "care_needs/list", Service: []string{"CareNeeds"}, Pages: []string{"GET /zorgbehoefte"}, API: []string{"GET /api/v1/care-needs"}},
	{Name: "care_needs/start", Service: []string{"StartCareNeed"}, Pages: []string{"POST /zorgbehoefte"}, API: []string{"POST /api/v1/care-needs"}},
	{Name: "care_needs/answer", Service: []string{"CareNeed", "SaveCareNeedPage"}, Pages: []string{"GET /zorgbehoefte/{id}", "POST /zorgbehoefte/{id}"},
		API: []string{"GET /api/v1/care-needs/{id}", "PUT /api/v1/care-needs/{id}/pages/{page}"}},
	{Name: "care_needs/report", Service: []string{"CareNeed"}, Pages: []string{"GET /zorgbehoefte/{id}/rapport", "GET /zorgbehoefte/{id}/pdf"}, API: []string{"GET /api/v1/care-needs/{id}"}},
	{Name: "care_needs/delete", Service: []string{"DeleteCareNeed"}, Pages: []string{"POST /zorgbehoefte/{id}/verwijderen"}, API: []string{"DELETE /api/v1/care-needs/{id}"}},
	{Name: "admin/outbox", Service: []string{"Outbox"}, Pages: []string{"GET /beheer/uitgaande-mail"}, API: []string{"GET /api/v1/outbox"}},
}

// notYetInAPI are the use cases the pages offer and the API does not yet.
// TEMPORARY, and each is a gap, not a decision: the parity test fails for
// a use case listed here that has API routes (take it off), and for one
// on the pages with neither API routes, a BrowserOnly reason nor a place
// here.
var notYetInAPI = []string{}
