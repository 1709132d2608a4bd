// Package sepa reads and writes the ISO 20022 bank files of a betaalrun
// (payment run): the SEPA credit transfer initiation pain.001.001.03 that the
// SVB hands to its bank, and the payment status report pain.002.001.03 that
// the bank sends back (which transfers were accepted, which rejected and why).
//
// The package is pure: no database, no network, only io.Reader and io.Writer.
// Money is domain.Cents, never a float. The pain.001 Writer streams: a run of
// half a million transfers is written as it is produced, and the memory it
// keeps is a 16-byte fingerprint per end-to-end id (to refuse duplicates).
//
// Text in a SEPA file is restricted to the SEPA Latin character set
// (a-z A-Z 0-9 / - ? : ( ) . , ' + and space); SEPAText transliterates names
// and remittance information to it ("Zoë & Søren" becomes "Zoe + Soren").
package sepa
