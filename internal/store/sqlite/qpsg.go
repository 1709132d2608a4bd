package sqlite

import (
	"errors"
	"reflect"
	"runtime"
	"sync"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite plans a statement with the values bound to it when it can: a
// "col = ?" term that no index serves is weighed by whether the value is 0
// or 1, a "LIMIT ?" by its number, and a term is compared with the WHERE of
// every partial index. Binding a value that could change such a plan
// expires the prepared statement, and the next step parses and plans it
// again: 13% of the declaration flow's CPU time went there, for plans that
// never changed (a row_version going from 1 to 2, a flag from 0 to 1).
//
// The query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) plans
// a statement once, without its values, as every prepared statement of the
// store expects. The driver has no setting for it, so a connection hook
// sets it through the connection's handle.

var hookOnce sync.Once

// stablePlans turns the guarantee on for every connection the driver opens
// from now on.
func stablePlans() {
	hookOnce.Do(func() {
		sqlite.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, _ string) error {
			_, err := qpsg(c, 1)
			return err
		})
	})
}

// qpsg sets the guarantee on the driver connection c (on 1, off 0, or -1
// to leave it) and returns whether it is on.
func qpsg(c any, on int32) (bool, error) {
	v := reflect.ValueOf(c)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return false, errors.New("sqlite: unexpected driver connection")
	}
	db, tls := v.Elem().FieldByName("db"), v.Elem().FieldByName("tls")
	if !db.IsValid() || db.Kind() != reflect.Uintptr || !tls.IsValid() || tls.Kind() != reflect.Pointer {
		return false, errors.New("sqlite: the driver connection has no handle where expected")
	}
	t := (*libc.TLS)(unsafe.Pointer(tls.Pointer()))
	// sqlite3_db_config(db, op, int onoff, int *out): libc.VaList packs each
	// argument into an 8-byte slot. out is on the heap, which does not move.
	args := t.Alloc(16)
	defer t.Free(16)
	out := new(int32)
	*out = -1
	rc := sqlite3.Xsqlite3_db_config(t, uintptr(db.Uint()), sqlite3.SQLITE_DBCONFIG_ENABLE_QPSG, libc.VaList(args, on, uintptr(unsafe.Pointer(out))))
	runtime.KeepAlive(out)
	if rc != sqlite3.SQLITE_OK {
		return false, errors.New("sqlite: sqlite3_db_config(ENABLE_QPSG) failed")
	}
	return *out == 1, nil
}
