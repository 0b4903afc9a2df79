// The validation report: counts by problem and the first problems with their line numbers.
import type { TImportReport } from "@/lib/datasets/schemas";

const LABELS: Record<string, string> = {
  duplicate_key: "duplicate keys",
  empty_key: "empty keys",
  invalid_key: "unusable keys",
  short_row: "short rows",
  long_row: "long rows",
  bad_encoding: "bad encoding",
  missing_column: "missing columns",
};

export function ImportReport({ report }: { report: TImportReport }) {
  return (
    <div className="dataset-report" data-testid="import-report">
      <p>
        {report.rowsParsed.toLocaleString("en-US")} rows read, {report.rowsAccepted.toLocaleString("en-US")} accepted, {report.rowsSkipped.toLocaleString("en-US")} skipped;{" "}
        {report.errorCount === 0 ? "no problems." : `${report.errorCount.toLocaleString("en-US")} problem${report.errorCount === 1 ? "" : "s"}: ${Object.entries(report.counts).map(([code, count]) => `${count} ${LABELS[code] ?? code}`).join(", ")}.`}
      </p>
      {report.problems.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Line</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((problem, index) => (
              <tr key={`${problem.line}-${index}`} data-testid="report-problem">
                <td>{problem.line}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.errorCount > report.problems.length && <p className="muted">The first {report.problems.length} problems are listed.</p>}
    </div>
  );
}
