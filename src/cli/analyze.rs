//! `segmento analyze INPUT [--config CONFIG.json] [--as-of YYYY-MM-DD] [--out DIR] ...`

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use segmento::dynamics::campaign_list::{self, CampaignList};
use segmento::dynamics::snapshot::Snapshot;
use segmento::export::{write_csv, CsvDialect};
use segmento::ingest::Ingestor;
use segmento::pipeline::{analyze, Config, CustomerRows, Results};

use super::args::Args;

/// Reads INPUT, runs every analysis and writes the outputs into `--out`.
pub fn run(args: &mut Args) -> Result<(), String> {
    let config_path = args.value("--config")?;
    let mut config = match &config_path {
        Some(path) => read_config(Path::new(path))?,
        None => Config::default(),
    };
    apply_flags(args, &mut config)?;
    let out_dir = PathBuf::from(
        args.value("--out")?
            .unwrap_or_else(|| "segmento-out".to_string()),
    );
    let input = args.positional().ok_or("analyze needs an INPUT file")?;
    args.finish()?;

    let input_path = Path::new(&input);
    let file_name = input_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| input.clone());
    config.input.file_name.get_or_insert(file_name);
    // The side files are read first, so a bad one fails before the long part.
    let snapshot = config.snapshot.as_deref().map(read_snapshot).transpose()?;
    let campaign = config
        .campaign_list
        .as_deref()
        .map(read_campaign_list)
        .transpose()?;
    let file = File::open(input_path).map_err(|e| format!("cannot open {input}: {e}"))?;
    let mut ingestor = Ingestor::new(config.input.clone()).map_err(|e| e.to_string())?;
    if let Ok(metadata) = file.metadata() {
        ingestor.expect_size(metadata.len());
    }
    let ingested = ingestor
        .read_all(std::io::BufReader::with_capacity(1 << 20, file))
        .map_err(|e| e.to_string())?;
    let mut results = analyze(ingested, &config, &mut |_| {}).map_err(|e| e.to_string())?;
    if let (Some(snapshot), Some(path)) = (&snapshot, &config.snapshot) {
        results
            .compare_snapshot(snapshot)
            .map_err(|e| format!("snapshot {path}: {e}"))?;
    }
    if let Some(list) = &campaign {
        let language = results.analysis.settings.language;
        let readout = results.read_campaign(list).map_err(|e| e.to_string())?;
        let output = &readout.output;
        for line in output.by_segment.iter().chain([&output.overall]) {
            eprintln!(
                "segmento: uplift {}: {}",
                line.segment,
                language.pick(&line.verdict_fr, &line.verdict_en)
            );
        }
    }
    write_outputs(&results, &out_dir)?;
    eprintln!(
        "segmento: {} customers, {} rows used, {} skipped; wrote {}",
        results.analysis.customers,
        results.analysis.rows.used,
        results.analysis.rows.skipped_total(),
        out_dir.display()
    );
    Ok(())
}

/// Reads a saved snapshot; errors name the file.
fn read_snapshot(path: &str) -> Result<Snapshot, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read snapshot {path}: {e}"))?;
    Snapshot::from_json(&bytes).map_err(|e| e.in_file(path).to_string())
}

/// Reads a campaign list (or response file); errors name the file.
fn read_campaign_list(path: &str) -> Result<CampaignList, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read campaign list {path}: {e}"))?;
    campaign_list::read(&bytes, path).map_err(|e| e.to_string())
}

fn read_config(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    let config: Config = serde_json::from_str(&text).map_err(|e| {
        format!(
            "config {} line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    Ok(config)
}

/// Command-line flags win over the config file.
fn apply_flags(args: &mut Args, config: &mut Config) -> Result<(), String> {
    if let Some(as_of) = args.value("--as-of")? {
        config.input.as_of = Some(parse_date("--as-of", &as_of)?);
    }
    if let Some(date) = args.value("--calibration-end")? {
        config.predict.calibration_end = Some(parse_date("--calibration-end", &date)?);
    }
    if let Some(unit) = args.value("--time-unit")? {
        config.predict.time_unit = serde_json::from_value(serde_json::Value::String(unit.clone()))
            .map_err(|_| format!("--time-unit: \"{unit}\" is not day, week or month"))?;
    }
    if let Some(horizon) = args.parsed("--horizon")? {
        config.predict.horizon = horizon;
    }
    if let Some(date) = args.value("--compare-date")? {
        config.migrations.compare_date = Some(parse_date("--compare-date", &date)?);
    }
    if let Some(days) = args.parsed("--inactivity-days")? {
        config.survival.inactivity_days = days;
    }
    let control_share: Option<f64> = args.parsed("--control-share")?;
    let seed: Option<u64> = args.parsed("--seed")?;
    if control_share.is_some() || seed.is_some() {
        let control = config.control.get_or_insert_with(Default::default);
        if let Some(share) = control_share {
            control.share = share;
        }
        if let Some(seed) = seed {
            control.seed = seed;
        }
    }
    if let Some(path) = args.value("--snapshot")? {
        config.snapshot = Some(path);
    }
    if let Some(path) = args.value("--campaign-list")? {
        config.campaign_list = Some(path);
    }
    if let Some(date) = args.value("--campaign-start")? {
        config.uplift.campaign_start = Some(parse_date("--campaign-start", &date)?);
    }
    if let Some(language) = args.value("--language")? {
        config.language = serde_json::from_value(serde_json::Value::String(language.clone()))
            .map_err(|_| format!("--language: \"{language}\" is not fr or en"))?;
    }
    Ok(())
}

pub(super) fn parse_date(flag: &str, raw: &str) -> Result<NaiveDate, String> {
    segmento::date_text::parse_iso(raw)
        .ok_or_else(|| format!("{flag}: \"{raw}\" is not a date (YYYY-MM-DD)"))
}

fn write_outputs(results: &Results, out_dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let summary = serde_json::to_vec_pretty(&results.analysis)
        .map_err(|e| format!("cannot encode the summary: {e}"))?;
    write_file(&out_dir.join("summary.json"), &summary)?;
    // Saved for next month's comparison (`--snapshot`).
    write_file(
        &out_dir.join("snapshot.json"),
        results.snapshot().to_json().as_bytes(),
    )?;

    let csv_path = out_dir.join("customers.csv");
    let mut csv_file = File::create(&csv_path)
        .map_err(|e| format!("cannot create {}: {e}", csv_path.display()))?;
    write_csv(
        &CustomerRows::all(results),
        CsvDialect::Standard,
        &mut csv_file,
    )
    .map_err(|e| format!("cannot write {}: {e}", csv_path.display()))?;

    // The same report the page downloads; only the timestamp differs.
    let language = results.analysis.settings.language;
    let report = results.report_html(language, &generated_at(language));
    write_file(&out_dir.join("report.html"), report.as_bytes())
}

/// Now, in UTC, as the report prints it (the core never reads the clock).
fn generated_at(language: segmento::Language) -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let now = chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .unwrap_or_default();
    match language {
        segmento::Language::Fr => now.format("%d/%m/%Y %H:%M UTC").to_string(),
        segmento::Language::En => now.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_on_the_command_line_are_iso() {
        assert_eq!(
            parse_date("--as-of", "2024-02-29"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        // 2023 is not a leap year; the French form is for lists, not flags.
        assert_eq!(
            parse_date("--as-of", "2023-02-29"),
            Err("--as-of: \"2023-02-29\" is not a date (YYYY-MM-DD)".to_string())
        );
        assert_eq!(
            parse_date("--compare-date", "31/12/2024"),
            Err("--compare-date: \"31/12/2024\" is not a date (YYYY-MM-DD)".to_string())
        );
    }
}
