package service

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/documents/csvdoc"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/progress"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Exports: a list exported as a CSV file by a job. At national size (the
// SVB's declarations of a month, half a million rows; a big verstrekker's
// tens of thousands) the export does not fit in a request, so it is
// written to a file under the file folder, page by page from the
// database (memory stays flat), with its progress, and is downloaded from
// the job's page when done, by whoever may see the list (and the job). A
// job resumed after a crash writes the file again from the start: it is
// offered only once the job is done, so nobody sees anything twice.

// The lists that can be exported.
const (
	ExportDeclarations = "declarations" // the declarations list of the role, searched and filtered as on its page
	ExportSettlements  = "settlements"  // the verstrekker's settlements
)

const stepTextExport = "writing the export"

type exportParams struct {
	List  string `json:"list"`
	Q     string `json:"q,omitempty"`
	State string `json:"state,omitempty"`
	Month string `json:"month,omitempty"`
	Law   string `json:"law,omitempty"`
}

func (p exportParams) query() store.ListQuery {
	return ParseListQuery(ListQueryInput{Q: p.Q, State: p.State, Month: p.Month, Law: p.Law})
}

// ExportList is the list an export job is of ("" for another kind).
func ExportList(j store.Job) string {
	if j.Kind != JobExport {
		return ""
	}
	var p exportParams
	_ = json.Unmarshal(j.Params, &p)
	return p.List
}

// ExportFileName is the name an export's file is downloaded as.
func ExportFileName(j store.Job) string {
	if ExportList(j) == ExportSettlements {
		return "eindafrekeningen.csv"
	}
	return "declaraties.csv"
}

// mayExport checks that a may see the list the export is of: the rules of
// the list itself (DeclarationList, EachSettlement).
func (s *Service) mayExport(ctx context.Context, a Actor, p exportParams) error {
	switch p.List {
	case ExportDeclarations:
		if _, ok := listFilter(a); !ok {
			return domain.NotFound("list")
		}
		if err := requireStaffMFA(a); err != nil {
			return err
		}
		if a.Is(domain.RoleRepresentative) {
			return s.db.View(ctx, func(tx *store.Tx) error { return s.visibleBudgetHolder(ctx, tx, a, a.Role.BudgetHolderID) })
		}
		return nil
	case ExportSettlements:
		if !a.Is(domain.RoleVerstrekker) || requireStaffMFA(a) != nil {
			return domain.Forbidden("verstrekker_only")
		}
		return nil
	}
	return domain.Invalid("list", "export_list_unknown")
}

// StartExportJob queues the export of a list (ExportDeclarations with the
// list page's search and filters, or ExportSettlements) as a job.
func (s *Service) StartExportJob(ctx context.Context, a Actor, list string, q ListQueryInput) (store.Job, error) {
	p := exportParams{List: list, Q: q.Q, State: q.State, Month: q.Month, Law: q.Law}
	if list != ExportDeclarations {
		p = exportParams{List: list}
	}
	if err := s.mayExport(ctx, a, p); err != nil {
		return store.Job{}, err
	}
	j, _, err := s.enqueue(ctx, a, JobExport, p)
	return j, err
}

// exportPath is the file of a job's attempt: each attempt writes its own,
// so that a runner that lost its lease and still writes can never mix its
// bytes into the file of the attempt that finishes (the job records which
// attempt that was: its attempts when done).
func (s *Service) exportPath(j store.Job) string {
	return filepath.Join(s.fileDir, "exports", "job-"+strconv.FormatInt(j.ID, 10)+"-"+strconv.FormatInt(j.Attempts, 10)+".csv")
}

// runExportJob writes the export to a temporary file and gives it its
// name when complete; the result records its size, hash and rows. Run
// again after a crash it starts over, and removes what attempts before it
// left.
func runExportJob(ctx context.Context, s *Service, jr *jobRun) error {
	var p exportParams
	if err := json.Unmarshal(jr.job.Params, &p); err != nil {
		return err
	}
	if err := s.mayExport(ctx, jr.actor, p); err != nil {
		return err
	}
	path := s.exportPath(jr.job)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil { // exports: for the portal's own user only
		return fmt.Errorf("export folder: %w", err)
	}
	for n := int64(1); n < jr.job.Attempts; n++ {
		before := jr.job
		before.Attempts = n
		os.Remove(s.exportPath(before))
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed; cleans up after a failure
	h := sha256.New()
	counter := &countWriter{}
	bw := bufio.NewWriterSize(io.MultiWriter(tmp, h, counter), 1<<16)
	out := csvdoc.NewCSVFile(bw, exportHeader(p)...)
	var rows int64
	switch p.List {
	case ExportDeclarations:
		rows, err = s.writeDeclarationsExport(ctx, jr.actor, p, out)
	case ExportSettlements:
		progress.Report(ctx, stepTextExport, 0, 0)
		err = s.db.EachSettlement(ctx, jr.actor.Role.OrganisationID, func(row store.SettlementRow) error {
			rows++
			progress.Report(ctx, stepTextExport, rows, 0)
			return out.Row(csvdoc.SettlementRow(row)...)
		})
	}
	if err == nil {
		err = out.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := s.faultAt(StepExportWritten); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	if err := s.faultAt(StepExportRenamed); err != nil {
		return err
	}
	return jr.setResult(ctx, JobResult{FileBytes: counter.n, FileSHA256: hex.EncodeToString(h.Sum(nil)), Rows: rows})
}

func exportHeader(p exportParams) []string {
	if p.List == ExportSettlements {
		return csvdoc.SettlementsHeader
	}
	return csvdoc.DeclarationsHeader
}

// writeDeclarationsExport writes the list's declarations, newest first as
// on the page, a page of rows per read.
func (s *Service) writeDeclarationsExport(ctx context.Context, a Actor, p exportParams, out *csvdoc.CSV) (int64, error) {
	f, _ := listFilter(a)
	q := p.query()
	var total, done int64
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		total, err = tx.CountDeclarations(ctx, f, q)
		return err
	}); err != nil {
		return 0, err
	}
	progress.Report(ctx, stepTextExport, 0, total)
	var before int64
	for {
		var page []store.ExportRow
		if err := s.db.View(ctx, func(tx *store.Tx) error {
			var err error
			page, err = tx.ExportDeclarations(ctx, f, q, before, s.exportPage)
			return err
		}); err != nil {
			return done, err
		}
		for _, r := range page {
			if err := out.Row(csvdoc.DeclarationRow(r)...); err != nil {
				return done, err
			}
		}
		done += int64(len(page))
		progress.Report(ctx, stepTextExport, done, max(total, done))
		if len(page) < s.exportPage {
			return done, nil
		}
		before = page[len(page)-1].ID
		if err := ctx.Err(); err != nil {
			return done, err
		}
	}
}

// ExportKeep is how long an export's file is kept after its job finished:
// it holds personal data like the list it is of, and is made again at
// will. PurgeExports removes it after that; the job's page then says so.
const ExportKeep = 7 * 24 * time.Hour

// ExportExpired says whether a finished export's file has passed
// ExportKeep (and is removed, or about to be).
func (s *Service) ExportExpired(j store.Job) bool {
	return j.Kind == JobExport && j.FinishedAt != nil && s.now().Sub(*j.FinishedAt) > ExportKeep
}

// PurgeExports removes the export files (and what a crashed attempt left)
// older than ExportKeep; pgb serve calls it every ten minutes. With
// several instances each removes from the shared folder what is old.
func (s *Service) PurgeExports(ctx context.Context) (int, error) {
	dir := filepath.Join(s.fileDir, "exports")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || !strings.HasPrefix(e.Name(), "job-") || s.now().Sub(info.ModTime()) <= ExportKeep {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err == nil {
			n++
		} else if !os.IsNotExist(err) {
			return n, err
		}
	}
	return n, nil
}

// ExportFile opens a finished export's file for whoever may see the job
// and, still, the list it is of; another's is not found, and neither is
// one past ExportKeep.
func (s *Service) ExportFile(ctx context.Context, a Actor, jobID int64) (*os.File, store.Job, JobResult, error) {
	j, err := s.Job(ctx, a, jobID)
	if err != nil {
		return nil, j, JobResult{}, err
	}
	res := ResultOf(j)
	if j.Kind != JobExport || j.State != store.JobDone || s.ExportExpired(j) {
		return nil, j, res, domain.NotFound("file")
	}
	var p exportParams
	if err := json.Unmarshal(j.Params, &p); err != nil {
		return nil, j, res, err
	}
	if err := s.mayExport(ctx, a, p); err != nil {
		return nil, j, res, domain.NotFound("file")
	}
	f, err := os.Open(s.exportPath(j))
	if os.IsNotExist(err) {
		return nil, j, res, domain.NotFound("file")
	}
	return f, j, res, err
}
