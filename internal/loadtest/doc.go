// Package loadtest holds the tools that measure pgbportaal, apart from the
// product's own path: pgb gen loads a synthetic dataset (package synth,
// national size by default); pgb bench measures the checks, the declaration
// flow through the service layer and over HTTP, on an empty database and on
// the configured one, and shows the query plans of the checks' queries;
// pgb bench-lists times the list pages at the server.
package loadtest
