//! CSV in and out (the `csv` crate): uploaded files (bulk assignment, inventory) are read strictly,
//! exports are streamed in chunks so 100,000 rows never sit in memory as one body.

use crate::error::{ApiError, FilePlace, FileProblem};
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use benefits_domain::inventory::{InventoryRow, INVENTORY_COLUMNS, REQUIRED_INVENTORY_COLUMNS};
use benefits_domain::reports::{looks_like_formula, BulkRow};

/// Uploads bigger than this are refused before they are read (413).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Rows a file may have; more is refused (the file is likely not what the user meant).
pub const MAX_ROWS: usize = 50_000;

/// The columns a bulk-assignment file must have (any order, any case, more are ignored).
pub const BULK_COLUMNS: [&str; 3] = ["email", "area", "benefit"];

/// An upload's body: `text/csv`, at most [`MAX_UPLOAD_BYTES`] (415 / 413 otherwise).
pub fn csv_body(
    headers: &axum::http::HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Bytes, ApiError> {
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/csv"));
    if !is_csv {
        return Err(ApiError::NotCsv);
    }
    let body = body.map_err(|rejection| match rejection.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::BadRequest {
            detail: rejection.body_text(),
        },
    })?;
    if body.len() > MAX_UPLOAD_BYTES {
        return Err(ApiError::TooLarge);
    }
    Ok(body)
}

fn problem(problem: FileProblem, place: FilePlace) -> ApiError {
    ApiError::BadFile {
        problem,
        detail: match &place {
            FilePlace::Nowhere => String::new(),
            FilePlace::Byte(n) => format!("byte {n} is not UTF-8"),
            FilePlace::Line(n) => format!("line {n}"),
            FilePlace::Cell { line, column } => format!("line {line}, column {column}"),
            FilePlace::Plain(text) => text.clone(),
        },
        place,
    }
}

/// Reads a bulk-assignment file ([`read_csv`] with [`BULK_COLUMNS`]).
pub fn read_bulk_rows(bytes: &[u8]) -> Result<Vec<BulkRow>, ApiError> {
    Ok(read_csv(bytes, &BULK_COLUMNS, &BULK_COLUMNS)?
        .into_iter()
        .map(|(line, [email, area, benefit])| BulkRow {
            line,
            email,
            area,
            benefit,
        })
        .collect())
}

/// Reads an inventory import file (OFR-1): [`INVENTORY_COLUMNS`], `area` and `product` required.
pub fn read_inventory_rows(bytes: &[u8]) -> Result<Vec<InventoryRow>, ApiError> {
    Ok(read_csv(bytes, &REQUIRED_INVENTORY_COLUMNS, &INVENTORY_COLUMNS)?
        .into_iter()
        .map(|(line, cells)| InventoryRow::from_cells(line, cells))
        .collect())
}

/// Reads an uploaded CSV file: UTF-8 (a BOM is allowed), a header row naming every column
/// of `required` (any order, any case; more are ignored), no cell a spreadsheet would run
/// as a formula, [`MAX_ROWS`] at most. Anything else is a clear error and nothing is used.
/// Each row: its line in the file and its cells of `columns` (empty where the file has no
/// such column).
pub fn read_csv<const N: usize>(
    bytes: &[u8],
    required: &[&str],
    columns: &[&str; N],
) -> Result<Vec<(usize, [String; N])>, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| problem(FileProblem::Encoding, FilePlace::Byte(e.valid_up_to() + 1)))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(problem(FileProblem::Empty, FilePlace::Nowhere));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| problem(FileProblem::Malformed, FilePlace::Line(1)))?
        .clone();
    let position = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| position(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(problem(
            FileProblem::Columns,
            FilePlace::Plain(missing.join(", ")),
        ));
    }
    let positions = columns.map(position);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        // The file's own line numbers, counted from the byte offset (the reader skips
        // blank lines and does not count them).
        let line_at = |position: Option<&csv::Position>| {
            position
                .and_then(|p| text.split_at_checked(p.byte() as usize))
                .map(|(before, after)| {
                    let blank = after.len() - after.trim_start_matches(['\n', '\r']).len();
                    before.matches('\n').count() + after[..blank].matches('\n').count() + 1
                })
                .unwrap_or(index + 2)
        };
        let record =
            record.map_err(|e| problem(FileProblem::Malformed, FilePlace::Line(line_at(e.position()))))?;
        let line = line_at(record.position());
        if let Some((column, _)) = record
            .iter()
            .enumerate()
            .find(|(_, cell)| looks_like_formula(cell))
        {
            let name = headers.get(column).unwrap_or("?");
            return Err(problem(
                FileProblem::Formula,
                FilePlace::Cell {
                    line,
                    column: name.to_string(),
                },
            ));
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(problem(
                FileProblem::TooManyRows,
                FilePlace::Plain(MAX_ROWS.to_string()),
            ));
        }
        let cells = positions.map(|p| p.and_then(|i| record.get(i)).unwrap_or("").to_string());
        rows.push((line, cells));
    }
    if rows.is_empty() {
        return Err(problem(FileProblem::Empty, FilePlace::Nowhere));
    }
    Ok(rows)
}

/// Records per chunk of a streamed export.
const CHUNK: usize = 1_000;

/// A CSV download (`name`.csv): the header row, then the records, written chunk by chunk
/// as the client reads.
pub fn stream_csv<I>(name: &str, header: &'static [&'static str], records: I) -> Response
where
    I: Iterator + Send + 'static,
    I::Item: IntoIterator + Send,
    <I::Item as IntoIterator>::Item: AsRef<[u8]>,
{
    let mut records = records.peekable();
    let mut wrote_header = false;
    let chunks = std::iter::from_fn(move || {
        if wrote_header && records.peek().is_none() {
            return None;
        }
        let mut writer = csv::Writer::from_writer(Vec::with_capacity(64 * 1024));
        if !wrote_header {
            wrote_header = true;
            if let Err(e) = writer.write_record(header) {
                return Some(Err(std::io::Error::other(e)));
            }
        }
        for record in records.by_ref().take(CHUNK) {
            if let Err(e) = writer.write_record(record) {
                return Some(Err(std::io::Error::other(e)));
            }
        }
        Some(
            writer
                .into_inner()
                .map(Bytes::from)
                .map_err(|e| std::io::Error::other(e.to_string())),
        )
    });
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(result: Result<Vec<BulkRow>, ApiError>) -> String {
        match result {
            Err(e) => e.body(benefits_domain::Lang::En).code,
            Ok(rows) => format!("ok:{}", rows.len()),
        }
    }

    #[test]
    fn a_good_file_is_read_with_its_line_numbers_whatever_the_column_order() {
        let rows = read_bulk_rows("\u{feff}Benefit,EMAIL,area,note\n1102, noor@fabrikam.example ,azure_credit,x\n\n1303,lena@fabrikam.example,visual_studio,\n".as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[0].email.as_str(), rows[0].benefit.as_str()),
            (2, "noor@fabrikam.example", "1102")
        );
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn bad_files_get_a_code_each() {
        assert_eq!(
            code(read_bulk_rows(b"email,area,benefit\n\xff\xfe,x,y\n")),
            "csv_encoding"
        );
        assert_eq!(
            code(read_bulk_rows(b"email,benefit\na@b.example,1\n")),
            "csv_columns"
        );
        assert_eq!(
            code(read_bulk_rows(
                b"email,area,benefit\n=cmd|' /C calc'!A0,azure_credit,1\n"
            )),
            "csv_formula"
        );
        assert_eq!(
            code(read_bulk_rows(b"email,area,benefit\na@b.example,azure_credit\n")),
            "csv_malformed"
        );
        assert_eq!(code(read_bulk_rows(b"email,area,benefit\n")), "csv_empty");
        assert_eq!(code(read_bulk_rows(b"")), "csv_empty");
    }
}
