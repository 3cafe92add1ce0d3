//! The pieces a report is built from. Everything here is plain data; the
//! HTML is produced by [`Document::to_html`](super::Document::to_html), which
//! escapes every string.

use crate::charts::{Rgb, Svg};
use crate::export::{Cell, Table};
use crate::i18n::Language;

/// A whole report: the shell (title, file, timestamp, settings) and its
/// sections, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Language of the report (`<html lang>`, number formats, fixed labels).
    pub language: Language,
    /// Title, e.g. "Rapport de segmentation clients".
    pub title: String,
    /// Name of the analysed file, as the user knows it.
    pub file_name: String,
    /// When the report was generated, already formatted. The core never reads
    /// the clock: the page or the CLI passes this in.
    pub generated_at: String,
    /// Settings used for the analysis, as label/value pairs.
    pub settings: Vec<(String, String)>,
    /// The sections.
    pub sections: Vec<Section>,
}

/// A titled part of the report, starting on a new page when printed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Anchor id for the table of contents (sanitised to `a-z0-9-`).
    pub id: String,
    /// Heading.
    pub title: String,
    /// Plain-words explanation under the heading.
    pub intro: Option<String>,
    /// Content, in order.
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section.
    ///
    /// ```
    /// use segmento::report::{Block, Section};
    /// let section = Section::new("abc", "Analyse ABC")
    ///     .with_intro("Les clients sont classés…")
    ///     .with(Block::Paragraph("18 % des clients font 80 % du CA.".into()));
    /// assert_eq!(section.blocks.len(), 1);
    /// ```
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Section {
        Section {
            id: id.into(),
            title: title.into(),
            intro: None,
            blocks: Vec::new(),
        }
    }

    /// The same section with an explanatory paragraph under the heading.
    pub fn with_intro(mut self, intro: impl Into<String>) -> Section {
        self.intro = Some(intro.into());
        self
    }

    /// The same section with one more block.
    pub fn with(mut self, block: Block) -> Section {
        self.blocks.push(block);
        self
    }
}

/// One piece of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of text.
    Paragraph(String),
    /// A sub-heading inside a section.
    Subheading(String),
    /// A row of key-figure cards.
    Kpis(Vec<Kpi>),
    /// A data table.
    Table(DataTable),
    /// A chart with its caption.
    Figure(Figure),
    /// A highlighted note or warning.
    Callout(Callout),
    /// Term/definition pairs (segment definitions, glossary).
    Definitions(Vec<(String, String)>),
    /// "What to do next": one card per segment.
    NextSteps(Vec<NextStep>),
}

/// A key figure: a label and a value in big type.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    /// What the figure is ("Clients").
    pub label: String,
    /// The figure, formatted in the report's language.
    pub value: Cell,
    /// A short line under the value ("dont 1 234 prospects").
    pub detail: Option<String>,
}

impl Kpi {
    /// A key figure without detail.
    pub fn new(label: impl Into<String>, value: Cell) -> Kpi {
        Kpi {
            label: label.into(),
            value,
            detail: None,
        }
    }

    /// The same figure with a detail line.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Kpi {
        self.detail = Some(detail.into());
        self
    }
}

/// A table of typed cells, shown with the headers of the report's language,
/// numbers right-aligned and formatted for the locale.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataTable {
    /// Caption above the table.
    pub caption: Option<String>,
    /// The table (the same type the exports write).
    pub table: Table,
    /// Show at most this many rows, with a note that the export has them all.
    pub max_rows: Option<usize>,
    /// A bold total row at the bottom.
    pub total: Option<Vec<Cell>>,
    /// A colour swatch before the first cell of each row (the segment's
    /// colour in the charts); empty for none.
    pub swatches: Vec<Rgb>,
}

impl DataTable {
    /// A table with nothing else.
    pub fn new(table: Table) -> DataTable {
        DataTable {
            table,
            ..DataTable::default()
        }
    }
}

/// A chart with its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The chart.
    pub svg: Svg,
    /// Caption under the chart: what it shows and how to read it.
    pub caption: String,
}

/// The tone of a [`Callout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    /// Neutral information.
    #[default]
    Info,
    /// Something the reader must know before trusting a number (thin data, a
    /// failed fit, a missing column).
    Warning,
    /// A positive finding.
    Success,
}

/// A highlighted box.
#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    /// Tone, which sets its colour and its accessible role.
    pub tone: Tone,
    /// Bold first line.
    pub title: Option<String>,
    /// The message.
    pub text: String,
}

/// One recommendation of a "what to do next" list.
#[derive(Debug, Clone, PartialEq)]
pub struct NextStep {
    /// Who it is for ("Champions").
    pub title: String,
    /// Size line ("312 clients · 28 % du CA").
    pub detail: Option<String>,
    /// What to do, in plain words.
    pub action: String,
    /// Accent colour (the segment's colour in the charts).
    pub color: Option<Rgb>,
}
