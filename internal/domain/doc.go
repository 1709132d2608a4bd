// Package domain holds the pure types and rules of the pgb administration:
// money in cents, civil dates and periods, the identifiers (BSN, IBAN, AGB,
// KvK), laws and grants (toekenningen) with their pro rata arithmetic.
//
// Nothing here does I/O or reads a clock: callers hand in what is needed.
// Dutch terms name the concepts in doc comments; identifiers are English.
package domain
