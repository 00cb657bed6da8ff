//! NAV-3's list controls, the same on every list: a search box and column headers that
//! sort (ascending, then descending; `aria-sort` says which). Each list describes a row as
//! its [`Cell`]s in column order; searching and sorting are plain functions of those.

use crate::i18n::{t, Text};
use crate::session::use_session;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::cmp::Ordering;

/// One column's value of a row, for searching and sorting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Compared without regard to case; found by search.
    Text(String),
    /// Compared as a number; found by search as its digits.
    Number(i64),
    /// Compared by date; not searched (dates are shown in the user's format).
    Date(NaiveDate),
    /// No value ("—"): sorted after every value, whichever the direction.
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn compare(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Text(a), Cell::Text(b)) => a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b)),
            (Cell::Number(a), Cell::Number(b)) => a.cmp(b),
            (Cell::Date(a), Cell::Date(b)) => a.cmp(b),
            (Cell::Empty, Cell::Empty) => Ordering::Equal,
            (Cell::Empty, _) => Ordering::Greater,
            (_, Cell::Empty) => Ordering::Less,
            // Different kinds in one column is a list's bug; keep the order stable.
            _ => Ordering::Equal,
        }
    }

    fn matches(&self, needle: &str) -> bool {
        match self {
            Cell::Text(text) => text.to_lowercase().contains(needle),
            Cell::Number(n) => n.to_string().contains(needle),
            Cell::Date(_) | Cell::Empty => false,
        }
    }
}

/// Which column a list is sorted by, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub ascending: bool,
}

/// Keeps the rows with a cell containing `query` (case-insensitive; all rows when it is
/// blank), sorted by `sort` (stable: equal rows keep the server's order). Empty cells sort
/// last in both directions.
pub fn search_and_sort<T>(
    rows: Vec<T>,
    cells: impl Fn(&T) -> Vec<Cell>,
    query: &str,
    sort: Option<Sort>,
) -> Vec<T> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() && sort.is_none() {
        // Nothing to do: no cells to compute for each of 10,000 rows.
        return rows;
    }
    let mut kept: Vec<(Vec<Cell>, T)> = rows
        .into_iter()
        .map(|row| (cells(&row), row))
        .filter(|(cells, _)| needle.is_empty() || cells.iter().any(|c| c.matches(&needle)))
        .collect();
    if let Some(Sort { column, ascending }) = sort {
        kept.sort_by(|(a, _), (b, _)| {
            let (a, b) = (
                a.get(column).unwrap_or(&Cell::Empty),
                b.get(column).unwrap_or(&Cell::Empty),
            );
            match (a, b) {
                (Cell::Empty, _) | (_, Cell::Empty) => a.compare(b),
                _ if ascending => a.compare(b),
                _ => b.compare(a),
            }
        });
    }
    kept.into_iter().map(|(_, row)| row).collect()
}

/// The search text and sort of one list. Create it above the part of the page that
/// re-renders when data reloads, so an action keeps the user's search and order.
#[derive(Clone, Copy)]
pub struct ListControls {
    pub query: RwSignal<String>,
    pub sort: RwSignal<Option<Sort>>,
    /// How many rows are in the page: the DOM holds these only, however long the list.
    pub shown: RwSignal<usize>,
}

/// Rows shown at first, and added by "Show more".
pub const ROWS_PER_PAGE: usize = 50;

impl ListControls {
    pub fn new() -> ListControls {
        ListControls {
            query: RwSignal::new(String::new()),
            sort: RwSignal::new(None),
            shown: RwSignal::new(ROWS_PER_PAGE),
        }
    }

    /// The first [`ListControls::shown`] rows (tracked).
    pub fn page<T: Clone>(&self, rows: &[T]) -> Vec<T> {
        rows.iter().take(self.shown.get()).cloned().collect()
    }

    /// [`search_and_sort`] with this list's current search and sort (tracked).
    pub fn apply<T>(&self, rows: Vec<T>, cells: impl Fn(&T) -> Vec<Cell>) -> Vec<T> {
        search_and_sort(rows, cells, &self.query.get(), self.sort.get())
    }

    /// A click on a column header: sort by it ascending, or flip it if already sorted by it.
    pub fn toggle(&self, column: usize) {
        self.sort.update(|sort| {
            *sort = Some(match *sort {
                Some(Sort { column: c, ascending }) if c == column => Sort {
                    column,
                    ascending: !ascending,
                },
                _ => Sort {
                    column,
                    ascending: true,
                },
            })
        });
    }
}

impl Default for ListControls {
    fn default() -> Self {
        ListControls::new()
    }
}

/// The list's search box.
#[component]
pub fn SearchBox(
    /// The list it searches.
    controls: ListControls,
) -> impl IntoView {
    let lang = use_session().lang;
    let query = controls.query;
    view! {
        <label class="pb-filter">
            {move || t(lang.get(), Text::Search)}
            <input
                type="search"
                data-testid="search"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </label>
    }
}

/// A column header that sorts the list by its column.
#[component]
pub fn SortHeader(
    /// The list it sorts.
    controls: ListControls,
    /// The column's index in the rows' cells.
    column: usize,
    /// The column's title.
    label: Text,
) -> impl IntoView {
    let lang = use_session().lang;
    let sort = controls.sort;
    let state = move || match sort.get() {
        Some(Sort {
            column: c,
            ascending: true,
        }) if c == column => "ascending",
        Some(Sort {
            column: c,
            ascending: false,
        }) if c == column => "descending",
        _ => "none",
    };
    view! {
        <th scope="col" aria-sort=state>
            <button type="button" class="pb-sort" on:click=move |_| controls.toggle(column)>
                {move || t(lang.get(), label)}
            </button>
        </th>
    }
}

/// "Showing 100 of 10,000 · Show more": the list grows by a page at a time.
#[component]
pub fn ShowMore(
    /// The list it pages.
    controls: ListControls,
    /// How many rows match the search (all pages).
    #[prop(into)]
    total: Signal<usize>,
) -> impl IntoView {
    let lang = use_session().lang;
    let shown = controls.shown;
    view! {
        <Show when=move || { total.get() > shown.get() }>
            <p class="pb-show-more" data-testid="show-more">
                {move || format!("{} / {}", shown.get().min(total.get()), total.get())}
                " "
                <button type="button" class="pb-secondary" on:click=move |_| shown.update(|n| *n += ROWS_PER_PAGE)>
                    {move || t(lang.get(), Text::ShowMore)}
                </button>
            </p>
        </Show>
    }
}
