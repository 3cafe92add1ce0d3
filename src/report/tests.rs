//! Report tests: every piece escapes its data, the document is
//! self-contained, numbers follow the language.

use super::*;
use crate::charts::{palette, BarChart, ChartMeta, Rgb};
use crate::export::{Cell, Column, Table};
use crate::i18n::Language;

const EVIL: &str = "<script>alert(1)</script>\"'&";
const EVIL_ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;";

fn evil_table() -> Table {
    let mut table = Table::new(vec![
        Column::new("name", EVIL, EVIL),
        Column::known("monetary"),
    ]);
    table.push(vec![Cell::text(EVIL), Cell::Money(1234.5)]);
    table.push(vec![Cell::Empty, Cell::Money(-2.0)]);
    table.push(vec![Cell::text("third"), Cell::Money(3.0)]);
    table
}

/// A document where every text field holds markup.
fn evil_document(language: Language) -> Document {
    Document {
        language,
        title: EVIL.into(),
        file_name: EVIL.into(),
        generated_at: EVIL.into(),
        settings: vec![(EVIL.into(), EVIL.into())],
        sections: vec![Section::new(EVIL, EVIL)
            .with_intro(EVIL)
            .with(Block::Paragraph(EVIL.into()))
            .with(Block::Subheading(EVIL.into()))
            .with(Block::Kpis(vec![
                Kpi::new(EVIL, Cell::text(EVIL)).with_detail(EVIL)
            ]))
            .with(Block::Table(DataTable {
                caption: Some(EVIL.into()),
                table: evil_table(),
                max_rows: Some(2),
                total: Some(vec![Cell::text(EVIL), Cell::Money(1235.5)]),
                swatches: vec![Rgb::hex(0x332288)],
            }))
            .with(Block::Figure(Figure {
                svg: BarChart {
                    meta: ChartMeta::new("evil", EVIL, EVIL),
                    categories: vec![EVIL.into()],
                    ..BarChart::default()
                }
                .to_svg(),
                caption: EVIL.into(),
            }))
            .with(Block::Callout(Callout {
                tone: Tone::Warning,
                title: Some(EVIL.into()),
                text: EVIL.into(),
            }))
            .with(Block::Definitions(vec![(EVIL.into(), EVIL.into())]))
            .with(Block::NextSteps(vec![NextStep {
                title: EVIL.into(),
                detail: Some(EVIL.into()),
                action: EVIL.into(),
                color: Some(palette::categorical(2)),
            }]))],
    }
}

#[test]
fn every_piece_escapes_its_text() {
    let html = evil_document(Language::Fr).to_html();
    assert!(!html.contains("<script"));
    assert!(!html.contains("alert(1)</"));
    // Title, file, timestamp (×2: header and footer), setting label and value,
    // section title (×2: heading and contents), intro, paragraph, subheading,
    // KPI label, value and detail, table header, caption, cell, total cell,
    // chart title, chart desc, figure caption, callout title and text,
    // definition term and text, next-step title, detail and action.
    let count = html.matches(EVIL_ESCAPED).count();
    assert!(count >= 28, "only {count} escaped occurrences");
}

#[test]
fn document_is_self_contained() {
    for language in [Language::Fr, Language::En] {
        let html = evil_document(language).to_html();
        let lower = html.to_lowercase();
        for forbidden in [
            "<script", "http", "url(", "@import", "<link", "<img", "<iframe", "src=",
        ] {
            assert!(!lower.contains(forbidden), "{forbidden}");
        }
        assert!(html.contains(&format!("<html lang=\"{}\">", language.code())));
    }
}

#[test]
fn section_ids_are_safe_anchors() {
    let html = evil_document(Language::En).to_html();
    // "<script>alert(1)</script>\"'&" → every non-alphanumeric becomes "-".
    let id = "s--script-alert-1---script----";
    assert!(html.contains(&format!(
        "<section id=\"{id}\" aria-labelledby=\"{id}-title\">"
    )));
    assert!(html.contains(&format!("<a href=\"#{id}\">")));
}

#[test]
fn tables_align_numbers_format_them_and_note_truncation() {
    let fr = evil_document(Language::Fr).to_html();
    assert!(fr.contains("<th scope=\"col\" class=\"num\">Montant</th>"));
    assert!(fr.contains("<td class=\"num\">1\u{202F}234,50\u{A0}€</td>"));
    assert!(fr.contains("<td class=\"num\">-2,00\u{A0}€</td>"));
    // Only 2 of the 3 rows are shown, and the note says so.
    assert!(!fr.contains(">third<"));
    assert!(fr.contains("2 premières lignes sur 3 : la liste complète est dans l&#39;export."));
    // The empty cell shows a dash; the swatch colours the first cell of row 1.
    assert!(fr.contains("<td class=\"empty\">\u{2014}</td>"));
    assert!(fr.contains(
        "<td class=\"swatched\"><span class=\"swatch\" style=\"background:#332288\"></span>"
    ));
    assert!(fr.contains("<tfoot><tr><td>"));
    let en = evil_document(Language::En).to_html();
    assert!(en.contains("<td class=\"num\">€1,234.50</td>"));
    assert!(en.contains("First 2 rows of 3: the full list is in the export."));
}

#[test]
fn warnings_are_announced() {
    let html = evil_document(Language::Fr).to_html();
    assert!(html.contains("<div class=\"callout warning\" role=\"alert\">"));
}

#[test]
fn an_empty_document_is_still_a_document() {
    let html = Document::default().to_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(html.ends_with("</html>\n"));
    assert!(!html.contains("class=\"toc\""));
}
