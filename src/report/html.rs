//! Renders a [`Document`] as one self-contained HTML file.
//!
//! Every string from the model goes through [`escape`]; only chart markup
//! ([`Svg`](crate::charts::Svg), which the chart builders escape themselves)
//! and the fixed stylesheet are written as they are.

use std::fmt::Write as _;

use super::model::{Block, Callout, DataTable, Document, Figure, Kpi, NextStep, Section, Tone};
use crate::export::{Cell, Rows};
use crate::format;
use crate::i18n::{self, Language};
use crate::markup::escape;

/// The stylesheet, inlined in every report.
const STYLE: &str = include_str!("report.css");

impl Document {
    /// The report as a complete HTML document: inline CSS and SVG, no script,
    /// no external resource, every data value escaped.
    ///
    /// ```
    /// use segmento::report::{Block, Document, Section};
    /// use segmento::Language;
    /// let report = Document {
    ///     language: Language::En,
    ///     title: "Customer segmentation report".into(),
    ///     file_name: "<orders>.csv".into(),
    ///     generated_at: "2025-06-30 14:05".into(),
    ///     settings: vec![],
    ///     sections: vec![Section::new("kpis", "Key figures").with(Block::Paragraph("Hello".into()))],
    /// };
    /// let html = report.to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    /// assert!(html.contains("&lt;orders&gt;.csv"));
    /// ```
    pub fn to_html(&self) -> String {
        let lang = self.language;
        let mut out = String::with_capacity(64 * 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"color-scheme\" content=\"light\">\n\
             <meta name=\"generator\" content=\"segmento\">\n<title>{} — {}</title>\n<style>\n{STYLE}</style>\n</head>\n\
             <body>\n<div class=\"page\">\n",
            lang.code(),
            escape(&self.title),
            escape(&self.file_name),
        );
        self.write_header(&mut out);
        out.push_str("<main>\n");
        for section in &self.sections {
            write_section(&mut out, section, lang);
        }
        out.push_str("</main>\n");
        let _ = write!(
            out,
            "<footer class=\"doc-footer\"><p>{} · {} {}</p></footer>\n</div>\n</body>\n</html>\n",
            escape(i18n::PRIVACY_NOTE.get(lang)),
            escape(i18n::GENERATED_ON.get(lang)),
            escape(&self.generated_at),
        );
        out
    }

    fn write_header(&self, out: &mut String) {
        let lang = self.language;
        let _ = write!(
            out,
            "<header class=\"doc-header\">\n<p class=\"eyebrow\">segmento</p>\n<h1>{}</h1>\n<dl class=\"meta\">\
             <div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div></dl>\n</header>\n",
            escape(&self.title),
            escape(i18n::FILE.get(lang)),
            escape(&self.file_name),
            escape(i18n::GENERATED_ON.get(lang)),
            escape(&self.generated_at),
        );
        out.push_str("<div class=\"front\">\n");
        if !self.sections.is_empty() {
            let _ = write!(
                out,
                "<nav class=\"toc\" aria-labelledby=\"toc-title\"><h2 id=\"toc-title\">{}</h2><ol>",
                escape(i18n::CONTENTS.get(lang))
            );
            for section in &self.sections {
                let _ = write!(
                    out,
                    "<li><a href=\"#{}\">{}</a></li>",
                    section_id(&section.id),
                    escape(&section.title)
                );
            }
            out.push_str("</ol></nav>\n");
        }
        if !self.settings.is_empty() {
            let _ = write!(
                out,
                "<section class=\"settings\" aria-labelledby=\"settings-title\"><h2 id=\"settings-title\">{}</h2>\
                 <table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
                escape(i18n::SETTINGS.get(lang)),
                escape(i18n::SETTING.get(lang)),
                escape(i18n::VALUE.get(lang)),
            );
            for (label, value) in &self.settings {
                let _ = write!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                    escape(label),
                    escape(value)
                );
            }
            out.push_str("</tbody></table></section>\n");
        }
        out.push_str("</div>\n");
    }
}

fn write_section(out: &mut String, section: &Section, lang: Language) {
    let id = section_id(&section.id);
    let _ = write!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-title\">\n<h2 id=\"{id}-title\">{}</h2>\n",
        escape(&section.title)
    );
    if let Some(intro) = &section.intro {
        let _ = writeln!(out, "<p class=\"intro\">{}</p>", escape(intro));
    }
    for block in &section.blocks {
        match block {
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", escape(text));
            }
            Block::Subheading(text) => {
                let _ = writeln!(out, "<h3>{}</h3>", escape(text));
            }
            Block::Kpis(kpis) => write_kpis(out, kpis, lang),
            Block::Table(table) => write_table(out, table, lang),
            Block::Figure(figure) => write_figure(out, figure),
            Block::Callout(callout) => write_callout(out, callout),
            Block::Definitions(pairs) => {
                out.push_str("<dl class=\"definitions\">");
                for (term, definition) in pairs {
                    let _ = write!(
                        out,
                        "<dt>{}</dt><dd>{}</dd>",
                        escape(term),
                        escape(definition)
                    );
                }
                out.push_str("</dl>\n");
            }
            Block::NextSteps(steps) => write_next_steps(out, steps, lang),
        }
    }
    out.push_str("</section>\n");
}

fn write_kpis(out: &mut String, kpis: &[Kpi], lang: Language) {
    out.push_str("<ul class=\"kpis\">");
    for kpi in kpis {
        let _ = write!(
            out,
            "<li class=\"kpi\"><span class=\"kpi-label\">{}</span><span class=\"kpi-value\">{}</span>",
            escape(&kpi.label),
            escape(&kpi.value.to_display(lang))
        );
        if let Some(detail) = &kpi.detail {
            let _ = write!(out, "<span class=\"kpi-detail\">{}</span>", escape(detail));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>\n");
}

/// Tables this short are kept on one printed page.
const KEEP_TOGETHER_ROWS: usize = 25;

fn write_table(out: &mut String, data: &DataTable, lang: Language) {
    let table = &data.table;
    let total_rows = table.row_count();
    let shown = data.max_rows.map_or(total_rows, |max| max.min(total_rows));
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|c| {
            table
                .rows
                .iter()
                .filter_map(|row| row.get(c))
                .find(|cell| !matches!(cell, Cell::Empty))
                .is_some_and(Cell::is_numeric)
        })
        .collect();
    let keep = if shown <= KEEP_TOGETHER_ROWS {
        " keep"
    } else {
        ""
    };
    let _ = write!(out, "<div class=\"table-wrap{keep}\"><table>");
    if let Some(caption) = &data.caption {
        let _ = write!(out, "<caption>{}</caption>", escape(caption));
    }
    out.push_str("<thead><tr>");
    for (c, column) in table.columns.iter().enumerate() {
        let class = if numeric[c] { " class=\"num\"" } else { "" };
        let _ = write!(
            out,
            "<th scope=\"col\"{class}>{}</th>",
            escape(column.header(lang))
        );
    }
    out.push_str("</tr></thead><tbody>");
    let mut cells = Vec::with_capacity(table.columns.len());
    for index in 0..shown {
        table.fill_row(index, &mut cells);
        out.push_str("<tr>");
        for (c, cell) in cells.iter().enumerate() {
            let swatch = if c == 0 {
                data.swatches.get(index)
            } else {
                None
            };
            write_cell(
                out,
                cell,
                numeric[c],
                swatch.map(|color| color.to_string()),
                lang,
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    if let Some(total) = &data.total {
        out.push_str("<tfoot><tr>");
        for (c, is_numeric) in numeric.iter().enumerate() {
            let cell = total.get(c).cloned().unwrap_or(Cell::Empty);
            write_cell(out, &cell, *is_numeric, None, lang);
        }
        out.push_str("</tr></tfoot>");
    }
    out.push_str("</table>");
    if shown < total_rows {
        let note = i18n::TABLE_TRUNCATED
            .get(lang)
            .replace("{shown}", &format::integer(shown as i64, lang))
            .replace("{total}", &format::integer(total_rows as i64, lang));
        let _ = write!(out, "<p class=\"table-note\">{}</p>", escape(&note));
    }
    out.push_str("</div>\n");
}

fn write_cell(
    out: &mut String,
    cell: &Cell,
    numeric: bool,
    swatch: Option<String>,
    lang: Language,
) {
    let mut classes = Vec::new();
    if numeric {
        classes.push("num");
    }
    if swatch.is_some() {
        classes.push("swatched");
    }
    if matches!(cell, Cell::Empty) {
        classes.push("empty");
    }
    if classes.is_empty() {
        out.push_str("<td>");
    } else {
        let _ = write!(out, "<td class=\"{}\">", classes.join(" "));
    }
    if let Some(color) = swatch {
        let _ = write!(
            out,
            "<span class=\"swatch\" style=\"background:{color}\"></span>"
        );
    }
    out.push_str(&escape(&cell.to_display(lang)));
    out.push_str("</td>");
}

fn write_figure(out: &mut String, figure: &Figure) {
    let _ = writeln!(
        out,
        "<figure class=\"chart\">{}<figcaption>{}</figcaption></figure>",
        figure.svg.as_str(),
        escape(&figure.caption)
    );
}

fn write_callout(out: &mut String, callout: &Callout) {
    let (class, role) = match callout.tone {
        Tone::Info => ("info", "note"),
        Tone::Warning => ("warning", "alert"),
        Tone::Success => ("success", "note"),
    };
    let _ = write!(out, "<div class=\"callout {class}\" role=\"{role}\">");
    if let Some(title) = &callout.title {
        let _ = write!(out, "<p class=\"callout-title\">{}</p>", escape(title));
    }
    let _ = writeln!(out, "<p>{}</p></div>", escape(&callout.text));
}

fn write_next_steps(out: &mut String, steps: &[NextStep], lang: Language) {
    let _ = write!(
        out,
        "<ul class=\"next-steps\" aria-label=\"{}\">",
        escape(i18n::WHAT_TO_DO_NEXT.get(lang))
    );
    for step in steps {
        match step.color {
            Some(color) => {
                let _ = write!(out, "<li style=\"border-left-color:{color}\">");
            }
            None => out.push_str("<li>"),
        }
        let _ = write!(
            out,
            "<span class=\"step-title\">{}</span>",
            escape(&step.title)
        );
        if let Some(detail) = &step.detail {
            let _ = write!(out, "<span class=\"step-detail\">{}</span>", escape(detail));
        }
        let _ = write!(out, "{}</li>", escape(&step.action));
    }
    out.push_str("</ul>\n");
}

/// An anchor id: lower-case ASCII letters, digits and `-`, prefixed so it
/// never collides with the fixed ids of the shell.
fn section_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("s-{cleaned}")
}
