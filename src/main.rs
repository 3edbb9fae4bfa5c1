//! The `wirewatch` command line: a thin layer over the library.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use tokio_util::sync::CancellationToken;

use wirewatch::classify::{country_name, Classification, Document};
use wirewatch::config::{Config, ConfigErrors, LogFormat};
use wirewatch::daemon::{self, Mode};
use wirewatch::store::{OutboxState, Store};

/// Exit code for an unusable configuration (sysexits.h EX_CONFIG).
const EX_CONFIG: u8 = 78;
/// Exit code for unreadable input (sysexits.h EX_NOINPUT).
const EX_NOINPUT: u8 = 66;
/// sysexits: the input data was incorrect.
const EX_DATAERR: u8 = 65;

#[derive(Debug, Parser)]
#[command(name = "wirewatch", version, about = "Watch news feeds; alert when an item matters", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormatArg {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the daemon: poll feeds on schedule until SIGTERM or SIGINT.
    /// SIGHUP reloads the configuration.
    Run {
        /// The configuration file.
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: PathBuf,
        /// Log format; overrides `log_format` in the config.
        #[arg(long, value_enum)]
        log_format: Option<LogFormatArg>,
        /// Also reload when the configuration file changes.
        #[arg(long)]
        watch_config: bool,
    },
    /// Poll every feed once, deliver the alerts, and exit.
    Once {
        /// The configuration file.
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: PathBuf,
        /// Log format; overrides `log_format` in the config.
        #[arg(long, value_enum)]
        log_format: Option<LogFormatArg>,
    },
    /// Validate the configuration; print every problem with file:line:column.
    /// Exits 78 (EX_CONFIG) if there is any, 0 otherwise.
    Check {
        /// The configuration file.
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: PathBuf,
    },
    /// Classify an article and print topics and regions as JSON.
    ///
    /// The input is plain text whose first line is the title and the rest the
    /// body. With --jsonl, each input line is {"id","title","text"}, with
    /// optionally what a feed would declare ("language": "pt-BR",
    /// "categories": ["Crime"], "region": "PT", the feed's home country), and
    /// each output line carries the same id (the line number where there is
    /// none), in input order.
    Classify {
        /// A configuration whose classifier settings to use.
        #[arg(short, long)]
        config: Option<PathBuf>,
        /// The article file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Read and write JSON lines.
        #[arg(long)]
        jsonl: bool,
        /// Print, for a person, why each topic and region scored as it did.
        #[arg(long, conflicts_with = "jsonl")]
        explain: bool,
    },
    /// Show each feed's health and the outbox at a glance (safe while the daemon runs).
    Status {
        /// The configuration file (for the state directory and the feed list).
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Run the config's [[tests]]: sample items and the decisions they must get.
    Test {
        /// The configuration file.
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: PathBuf,
    },
    /// Show, for one item, each rule's decision and the condition that decided it.
    Explain {
        /// The configuration file.
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: PathBuf,
        /// The item: plain text, first line the title (or - for standard input).
        #[arg(default_value = "-")]
        item: String,
        /// Evaluate as if the item came from this feed.
        #[arg(long)]
        feed: Option<String>,
    },
    /// Turn an OPML subscription list into [[feeds]] entries (printed, or merged with --write).
    ImportOpml {
        /// The OPML file.
        file: PathBuf,
        /// A configuration whose feeds to skip (and, with --write, to extend).
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: Option<PathBuf>,
        /// Append the new feeds to the configuration file (after checking the result).
        #[arg(long, requires = "config")]
        write: bool,
    },
    /// Write the configured feeds as OPML 2.0 (tags become categories).
    ExportOpml {
        /// The configuration file.
        #[arg(short, long, env = "WIREWATCH_CONFIG")]
        config: PathBuf,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Inspect and act on the alert outbox: owed, folded and dead deliveries.
    Outbox {
        /// The configuration file (for the state directory).
        #[arg(short, long, env = "WIREWATCH_CONFIG", global = true)]
        config: Option<PathBuf>,
        #[command(subcommand)]
        action: OutboxAction,
    },
    /// Measure the classifier on labelled items (JSON lines; see the README).
    Eval {
        /// The labelled items.
        #[arg(long)]
        data: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Write every item whose top-1 topic or country set was wrong to
        /// this file (JSON lines, with the evidence), for tuning.
        #[arg(long, value_name = "FILE")]
        misses: Option<PathBuf>,
        /// A configuration whose classifier settings to use.
        #[arg(short, long)]
        config: Option<PathBuf>,
        /// Blend in this learned topic model (instead of the config's).
        #[arg(long, value_name = "MODEL")]
        model: Option<PathBuf>,
        /// The model's share of a topic score, in [0, 1] (instead of the config's).
        #[arg(long, value_name = "W")]
        model_weight: Option<f32>,
        /// Measure what a model trained on these items would add, by K-fold
        /// cross-validation (K from 2 to 20): each item is classified by a
        /// model trained on the other folds (with train's defaults), next
        /// to the rules alone. Writes no model; --misses then lists what
        /// the models missed.
        #[arg(long, value_name = "K", conflicts_with = "model", value_parser = clap::value_parser!(u64).range(2..=wirewatch::classify::eval::MAX_FOLDS as u64))]
        cross_validate: Option<u64>,
    },
    /// Teach topics from your own labelled items: writes a model for [classify] model.
    ///
    /// The items are JSON lines as for eval: title, text and topics (IPTC
    /// qcodes, short names such as "sport", or custom topic keys).
    Train {
        /// The labelled items.
        #[arg(long)]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, value_name = "MODEL")]
        out: PathBuf,
        /// A configuration whose terms and custom topics to train with.
        #[arg(short, long)]
        config: Option<PathBuf>,
        /// Passes over the data.
        #[arg(long, default_value_t = 8)]
        epochs: u32,
        /// Feature hash size, as a power of two (8 to 22; training needs about
        /// 8 bytes per bucket and topic).
        #[arg(long, default_value_t = 19)]
        bits: u8,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum StateArg {
    Pending,
    Folded,
    Dead,
    Delivered,
    All,
}

impl StateArg {
    fn states(self) -> Vec<OutboxState> {
        match self {
            StateArg::Pending => vec![OutboxState::Pending],
            StateArg::Folded => vec![OutboxState::Folded],
            StateArg::Dead => vec![OutboxState::Dead],
            StateArg::Delivered => vec![OutboxState::Delivered, OutboxState::Summarized],
            StateArg::All => Vec::new(),
        }
    }
}

#[derive(Debug, Subcommand)]
enum OutboxAction {
    /// List rows, newest first.
    List {
        /// Which rows.
        #[arg(long, value_enum, default_value = "pending")]
        state: StateArg,
        /// Only rows of this sink.
        #[arg(long)]
        sink: Option<String>,
        /// At most this many rows.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Make dead rows owed again (all, those of a sink, or the given row ids).
    Retry {
        /// Only rows of this sink.
        #[arg(long)]
        sink: Option<String>,
        /// Row ids (from `outbox list`).
        ids: Vec<i64>,
    },
    /// Delete dead (or delivered) rows.
    Purge {
        /// Which rows.
        #[arg(long, value_enum, default_value = "dead")]
        state: StateArg,
        /// Only rows of this sink.
        #[arg(long)]
        sink: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Run { .. } | Command::Once { .. }) {
        quit_quietly_on_closed_stdout();
    }
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Lets the commands that print reports end like other Unix tools when
/// their reader goes away (`wirewatch eval … | head`), instead of panicking
/// on a broken pipe. Not for `run` and `once`: the daemon must see EPIPE as
/// an error on a socket, not die of SIGPIPE.
fn quit_quietly_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any other thread exists;
    // SIG_DFL is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn dispatch(command: Command) -> Result<ExitCode> {
    match command {
        Command::Check { config } => Ok(check(&config)),
        Command::Run { config, log_format, watch_config } => {
            daemon_command(&config, log_format, Mode::Run, watch_config)
        }
        Command::Once { config, log_format } => daemon_command(&config, log_format, Mode::Once, false),
        Command::Classify { config, input, jsonl, explain } => classify(config.as_deref(), &input, jsonl, explain),
        Command::Eval { data, json, misses, config, model, model_weight, cross_validate } => {
            let out = EvalOutput { json, misses: misses.as_deref() };
            match cross_validate {
                Some(folds) => cross_validate_eval(config.as_deref(), &data, folds as usize, model_weight, out),
                None => eval(config.as_deref(), &data, out, model.as_deref(), model_weight),
            }
        }
        Command::Train { data, out, config, epochs, bits } => train(config.as_deref(), &data, &out, epochs, bits),
        Command::Outbox { config, action } => outbox(config.as_deref(), action),
        Command::Status { config, json } => status(&config, json),
        Command::Test { config } => config_tests(&config),
        Command::Explain { config, item, feed } => explain(&config, &item, feed.as_deref()),
        Command::ImportOpml { file, config, write } => import_opml(&file, config.as_deref(), write),
        Command::ExportOpml { config, output } => export_opml(&config, output.as_deref()),
    }
}

/// Loads the config or prints its errors; `None` means exit with EX_CONFIG.
fn load_config(path: &Path) -> Option<Config> {
    match Config::load(path) {
        Ok(config) => Some(config),
        Err(errors) => {
            print_config_errors(&errors);
            None
        }
    }
}

fn print_config_errors(errors: &ConfigErrors) {
    for e in &errors.errors {
        eprintln!("error: {e}");
    }
    eprintln!(
        "{} error{} in {}",
        errors.errors.len(),
        if errors.errors.len() == 1 { "" } else { "s" },
        errors.errors[0].path.display()
    );
}

fn check(path: &Path) -> ExitCode {
    let Some(config) = load_config(path) else { return ExitCode::from(EX_CONFIG) };
    for w in &config.warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "{}: OK ({} feeds, {} rules, {} sinks)",
        path.display(),
        config.feeds.len(),
        config.rules.len(),
        config.sinks.len()
    );
    ExitCode::SUCCESS
}

fn daemon_command(path: &Path, log_format: Option<LogFormatArg>, mode: Mode, watch_config: bool) -> Result<ExitCode> {
    let Some(config) = load_config(path) else { return Ok(ExitCode::from(EX_CONFIG)) };
    let format = match log_format {
        Some(LogFormatArg::Json) => LogFormat::Json,
        Some(LogFormatArg::Text) => LogFormat::Text,
        None => config.daemon.log_format,
    };
    wirewatch::telemetry::init(format, &config.daemon.log_level);
    for w in &config.warnings {
        tracing::warn!(warning = %w, "config warning");
    }
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let shutdown = CancellationToken::new();
        let reload = std::sync::Arc::new(tokio::sync::Notify::new());
        tokio::spawn(watch_signals(shutdown.clone()));
        tokio::spawn(watch_hangup(reload.clone()));
        if watch_config {
            tokio::spawn(watch_file(config.path.clone(), reload.clone()));
        }
        let bar = (mode == Mode::Once).then(|| progress_bar(config.feeds.len() as u64, "feeds polled"));
        let progress: Option<daemon::ProgressFn> = bar.clone().map(|bar| {
            std::sync::Arc::new(move |done: usize, _total: usize| bar.set_position(done as u64)) as daemon::ProgressFn
        });
        let options = daemon::RunOptions { reload: Some(reload), progress };
        let summary = daemon::run_with(config, mode, shutdown, options).await.context("wirewatch cannot run")?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        if mode == Mode::Once {
            eprintln!(
                "polled: {} ok, {} not modified, {} failed; {} new items; {} alerts delivered, {} owed",
                summary.ok, summary.not_modified, summary.failed, summary.new_items, summary.delivered, summary.owed
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Cancels `shutdown` on SIGTERM or SIGINT; a second signal exits at once.
async fn watch_signals(shutdown: CancellationToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
            tracing::error!("cannot install signal handlers");
            return;
        };
        tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
        tracing::info!("signal received; stopping (send again to exit at once)");
        shutdown.cancel();
        tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
        tracing::warn!("second signal; exiting without waiting");
        std::process::exit(130);
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        shutdown.cancel();
    }
}

/// Asks for a reload on every SIGHUP (what `systemctl reload` sends).
async fn watch_hangup(reload: std::sync::Arc<tokio::sync::Notify>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hup) = signal(SignalKind::hangup()) else {
            tracing::error!("cannot install the SIGHUP handler; reload by restarting");
            return;
        };
        while hup.recv().await.is_some() {
            tracing::info!("SIGHUP received; reloading the config");
            reload.notify_one();
        }
    }
}

/// Asks for a reload when the config file's modification time or size changes
/// (checked every two seconds: no inotify dependency, works on every filesystem).
async fn watch_file(path: PathBuf, reload: std::sync::Arc<tokio::sync::Notify>) {
    let stamp = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.modified().ok(), m.len()));
    let mut last = stamp(&path);
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
    loop {
        tick.tick().await;
        let now = stamp(&path);
        if now != last && now.is_some() {
            tracing::info!(path = %path.display(), "config file changed; reloading");
            last = now;
            reload.notify_one();
        }
    }
}

fn read_input(input: &str) -> Result<Box<dyn BufRead>> {
    if input == "-" {
        Ok(Box::new(std::io::BufReader::new(std::io::stdin())))
    } else {
        let file = std::fs::File::open(input).with_context(|| format!("cannot open '{input}'"))?;
        Ok(Box::new(std::io::BufReader::new(file)))
    }
}

fn classifier_for(config: Option<&Path>) -> Result<Option<wirewatch::classify::Classifier>> {
    let Some(config) = load_optional_config(config) else { return Ok(None) };
    Ok(Some(daemon::build_classifier(config.as_ref()).context("cannot build the classifier")?))
}

/// The config at `path`, if a path is given; `None` when it does not load
/// (its errors are printed: exit with EX_CONFIG).
fn load_optional_config(path: Option<&Path>) -> Option<Option<Config>> {
    match path {
        Some(path) => load_config(path).map(Some),
        None => Some(None),
    }
}

/// One line of `classify --jsonl`: the item, and what its feed would
/// declare of it (all optional, as in a feed).
#[derive(serde::Deserialize)]
struct JsonlInput {
    /// Passed through to the output; the line number where absent.
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    /// The item's categories or tags, read as the feed's are.
    #[serde(default)]
    categories: Vec<String>,
    /// The item's language (BCP 47, e.g. "pt-BR"); detected when absent.
    #[serde(default)]
    language: Option<String>,
    /// The feed's home region (ISO 3166-1 alpha-2), a weak prior.
    #[serde(default)]
    region: Option<String>,
}

#[derive(serde::Serialize)]
struct Output<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    class: &'a Classification,
}

fn classify(config: Option<&Path>, input: &str, jsonl: bool, explain: bool) -> Result<ExitCode> {
    let Some(classifier) = classifier_for(config)? else { return Ok(ExitCode::from(EX_CONFIG)) };
    let mut reader = match read_input(input) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Ok(ExitCode::from(EX_NOINPUT));
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if jsonl {
        for (n, line) in reader.lines().enumerate() {
            let line = line.with_context(|| format!("cannot read '{input}'"))?;
            if line.trim().is_empty() {
                continue;
            }
            let record: JsonlInput = serde_json::from_str(&line).with_context(|| {
                format!(
                    "{input}:{}: not a JSON object with title, text and optionally id, categories, language, region",
                    n + 1
                )
            })?;
            // An empty value is no value, as in a feed.
            let region = record.region.as_deref().map(str::trim).filter(|r| !r.is_empty());
            let language = record.language.as_deref().map(str::trim).filter(|l| !l.is_empty());
            if let Some(region) = region.filter(|r| country_name(&r.to_ascii_uppercase()).is_none()) {
                bail!("{input}:{}: region '{region}' is not an ISO 3166-1 alpha-2 country code, such as \"GB\"", n + 1);
            }
            let class = classifier.classify(&Document {
                title: &record.title,
                text: &record.text,
                categories: &record.categories,
                language,
                home_region: region,
            });
            let id = record.id.unwrap_or_else(|| serde_json::Value::from(n + 1));
            serde_json::to_writer(&mut out, &Output { id: &id, class: &class })?;
            out.write_all(b"\n")?;
        }
    } else {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).with_context(|| format!("cannot read '{input}'"))?;
        // A saved page or an old archive in another encoding: classify what
        // reads, and say so, rather than refuse the whole article.
        let text = String::from_utf8_lossy(&bytes);
        if let std::borrow::Cow::Owned(_) = text {
            eprintln!("warning: '{input}' is not valid UTF-8: the bytes that are not were replaced by U+FFFD");
        }
        let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
        let class = classifier.classify(&Document {
            title: title.trim(),
            text: body,
            categories: &[],
            language: None,
            home_region: None,
        });
        if explain {
            write_explanation(&mut out, &class)?;
        } else {
            let id = serde_json::Value::String(if input == "-" { "stdin".into() } else { input.to_string() });
            serde_json::to_writer_pretty(&mut out, &Output { id: &id, class: &class })?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_explanation(out: &mut impl Write, class: &Classification) -> Result<()> {
    // Scores of 0.5 or more mean the item is about the topic or country;
    // below that it is a passing mention. Each evidence line says which
    // term matched, where, how often, and how much it added to the raw
    // score (negative for terms configured to count against a topic).
    const ABOUT: f32 = 0.5;
    let verdict = |score: f32| if score >= ABOUT { "about" } else { "passing mention" };
    fn field(f: &str) -> &str {
        match f {
            "title" => "in the title",
            "text" => "in the text",
            "category" => "in the feed's categories",
            "feed" => "from the feed's home region",
            other => other,
        }
    }
    let evidence = |out: &mut dyn Write, ev: &[wirewatch::classify::Evidence]| -> std::io::Result<()> {
        if ev.is_empty() {
            return writeln!(out, "      (no evidence recorded)");
        }
        for e in ev {
            if e.field == "model" {
                writeln!(out, "      the model trained on your labelled items adds {:+.2} to the score", e.weight)?;
                continue;
            }
            let times = if e.count == 1 { "once".to_string() } else { format!("{} times", e.count) };
            let against = if e.weight < 0.0 { ", counts against" } else { "" };
            writeln!(out, "      \"{}\" {}, {} (weight {:+.2}{against})", e.term, field(&e.field), times, e.weight)?;
        }
        Ok(())
    };
    writeln!(out, "language: {}", class.language.as_deref().unwrap_or("unknown"))?;
    writeln!(out, "scores run from 0 to 1: {ABOUT:.2} or more means the item is about it, less is a passing mention")?;
    writeln!(out, "evidence: the matched term, where and how often, and its weight in the raw score")?;

    writeln!(out, "\ntopics:")?;
    if class.topics.is_empty() {
        writeln!(out, "  none: no topic vocabulary matched")?;
    }
    for t in &class.topics {
        writeln!(out, "  {:.2}  {:<15}  {} ({})", t.score, verdict(t.score), t.name, t.id)?;
        evidence(out, &t.evidence)?;
    }

    writeln!(out, "\nregions:")?;
    if class.regions.is_empty() {
        writeln!(out, "  none: no place named (ambiguous names need corroboration)")?;
    }
    for r in &class.regions {
        writeln!(
            out,
            "  {:.2}  {:<15}  {} {} ({}, {})",
            r.score,
            verdict(r.score),
            r.country,
            r.name,
            r.subregion,
            r.region
        )?;
        evidence(out, &r.evidence)?;
    }
    Ok(())
}

/// Opens the labelled items for eval and train, or says why it cannot and
/// gives the exit code (EX_NOINPUT).
fn open_records(data: &Path) -> std::result::Result<std::fs::File, ExitCode> {
    std::fs::File::open(data).map_err(|e| {
        eprintln!("error: cannot open '{}': {e}", data.display());
        ExitCode::from(EX_NOINPUT)
    })
}

/// Reads labelled items (JSON lines) for eval and train from `file`, opened
/// from `data`.
fn read_records(file: std::fs::File, data: &Path) -> Result<Vec<wirewatch::classify::eval::EvalRecord>> {
    let mut records = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read '{}'", data.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).with_context(|| {
            format!("{}:{}: not a labelled item (JSON with title, text, topics)", data.display(), n + 1)
        })?;
        records.push(record);
    }
    if records.is_empty() {
        bail!("'{}' holds no records", data.display());
    }
    Ok(records)
}

/// Where `eval` writes: the report as text or JSON, and the misses file.
#[derive(Clone, Copy)]
struct EvalOutput<'a> {
    json: bool,
    misses: Option<&'a Path>,
}

/// The misses file of `eval --misses`, written line by line; the first
/// write error is kept and reported at the end.
struct MissWriter {
    out: Option<std::io::BufWriter<std::fs::File>>,
    error: Option<std::io::Error>,
}

impl MissWriter {
    fn create(path: Option<&Path>) -> Result<MissWriter> {
        let out = match path {
            Some(path) => Some(std::io::BufWriter::new(
                std::fs::File::create(path).with_context(|| format!("cannot create '{}'", path.display()))?,
            )),
            None => None,
        };
        Ok(MissWriter { out, error: None })
    }

    fn write(&mut self, miss: &wirewatch::classify::eval::Miss<'_>) {
        if let (Some(out), None) = (self.out.as_mut(), &self.error) {
            let line = serde_json::to_string(miss).expect("a miss serialises");
            if let Err(e) = writeln!(out, "{line}") {
                self.error = Some(e);
            }
        }
    }

    fn finish(self) -> Result<()> {
        if let Some(mut out) = self.out {
            if let Some(e) = self.error {
                return Err(e).context("cannot write the misses file");
            }
            out.flush().context("cannot write the misses file")?;
        }
        Ok(())
    }
}

/// The classifier settings of `eval`: the config's, with `--model` and
/// `--model-weight` applied.
fn eval_settings(
    config: Option<&Config>,
    model: Option<&Path>,
    model_weight: Option<f32>,
) -> Result<wirewatch::classify::ClassifierSettings> {
    let mut settings = daemon::classifier_settings(config);
    if let Some(path) = model {
        let m = wirewatch::classify::model::TopicModel::load(path)
            .with_context(|| format!("cannot load the topic model '{}'", path.display()))?;
        settings.model = Some(m.into());
    }
    if let Some(w) = model_weight {
        if !(0.0..=1.0).contains(&w) {
            bail!("--model-weight must lie in [0, 1], not {w}");
        }
        settings.model_weight = Some(w);
    }
    Ok(settings)
}

/// The labelled items of `data` for eval and train, their topic labels
/// resolved to topic ids (qcodes, short names or custom keys). With `strict`, a label that names no topic is an error (exit 65),
/// as for train; otherwise it is kept as written and never matches, and a
/// note on standard error says how many items have such labels (a typo
/// in a label would otherwise pass as a miss).
fn labelled_records(
    config: Option<&Config>,
    data: &Path,
    strict: bool,
) -> Result<Result<Vec<wirewatch::classify::eval::EvalRecord>, ExitCode>> {
    let file = match open_records(data) {
        Ok(file) => file,
        Err(code) => return Ok(Err(code)),
    };
    let mut records = read_records(file, data)?;
    let (mut unknown, mut first_unknown) = (0usize, None);
    for (n, r) in records.iter_mut().enumerate() {
        let mut has_unknown = false;
        for label in r.topics.iter_mut().flatten() {
            match resolve_label(config, label) {
                Some(id) => *label = id,
                None if strict => {
                    unknown_label(data, n, &r.id, label);
                    return Ok(Err(ExitCode::from(EX_DATAERR)));
                }
                None => {
                    has_unknown = true;
                    first_unknown.get_or_insert_with(|| (n, r.id.clone(), label.clone()));
                }
            }
        }
        unknown += usize::from(has_unknown);
    }
    if let Some((n, id, label)) = first_unknown {
        eprintln!(
            "note: {}: {unknown} item(s) have topic labels that name no topic and count as misses, the first item {} ({id}) with '{label}'\n  hint: use IPTC qcodes or short names (\"sport\"), or declare custom topics in the config and pass --config",
            data.display(),
            n + 1,
        );
    }
    Ok(Ok(records))
}

fn unknown_label(data: &Path, n: usize, id: &str, label: &str) {
    eprintln!(
        "error: {}: item {} ({id}) has unknown topic '{label}'\n  hint: use an IPTC qcode or short name (\"sport\"), or declare a custom topic in the config and pass --config",
        data.display(),
        n + 1,
    );
}

fn eval(
    config: Option<&Path>,
    data: &Path,
    output: EvalOutput<'_>,
    model: Option<&Path>,
    model_weight: Option<f32>,
) -> Result<ExitCode> {
    use wirewatch::classify::eval::evaluate_with;
    let Some(config) = load_optional_config(config) else { return Ok(ExitCode::from(EX_CONFIG)) };
    let settings = eval_settings(config.as_ref(), model, model_weight)?;
    let classifier = wirewatch::classify::Classifier::new(&settings).context("cannot build the classifier")?;
    let records = match labelled_records(config.as_ref(), data, false)? {
        Ok(records) => records,
        Err(code) => return Ok(code),
    };
    let mut misses = MissWriter::create(output.misses)?;
    let report = evaluate_with(&classifier, records.into_iter(), |miss| misses.write(miss));
    misses.finish()?;
    if output.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `eval --cross-validate K`: the rules alone next to the rules with a
/// model trained on the other folds, on the same items.
fn cross_validate_eval(
    config: Option<&Path>,
    data: &Path,
    folds: usize,
    model_weight: Option<f32>,
    output: EvalOutput<'_>,
) -> Result<ExitCode> {
    use wirewatch::classify::eval::cross_validate;
    use wirewatch::classify::model::TrainOptions;
    let Some(config) = load_optional_config(config) else { return Ok(ExitCode::from(EX_CONFIG)) };
    let settings = eval_settings(config.as_ref(), None, model_weight)?;
    let records = match labelled_records(config.as_ref(), data, true)? {
        Ok(records) => records,
        Err(code) => return Ok(code),
    };
    let mut misses = MissWriter::create(output.misses)?;
    let cv = cross_validate(
        &settings,
        &records,
        folds,
        &TrainOptions::default(),
        |k, items| eprintln!("fold {k}/{folds}: training on {items} labelled items of the other folds"),
        |miss| misses.write(miss),
    )
    .with_context(|| format!("cannot cross-validate on '{}'", data.display()))?;
    misses.finish()?;
    if output.json {
        println!("{}", serde_json::to_string_pretty(&cv)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("The rules alone:\n{}", cv.rules);
    println!("With a model trained on the other folds ({folds}-fold cross-validation):\n{}", cv.with_model);
    println!("topic top-1 accuracy, rules alone -> with a model:");
    for (r, m) in cv
        .rules
        .sources
        .iter()
        .chain([&cv.rules.overall])
        .zip(cv.with_model.sources.iter().chain([&cv.with_model.overall]))
    {
        if r.topic_items > 0 {
            println!(
                "  {:<20} {:>6} items  {:.3} -> {:.3}  (recall@3 {:.3} -> {:.3})",
                r.source, r.topic_items, r.topic_top1, m.topic_top1, r.topic_recall_at3, m.topic_recall_at3
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The topic id of a label in labelled items: an IPTC qcode, short name or
/// name, or a custom topic key of `config`.
fn resolve_label(config: Option<&Config>, label: &str) -> Option<String> {
    match config {
        Some(c) => c.classify.resolve_topic(label),
        None => wirewatch::classify::resolve_topic(label).map(|t| t.id.to_string()),
    }
}

fn train(config: Option<&Path>, data: &Path, out: &Path, epochs: u32, bits: u8) -> Result<ExitCode> {
    use wirewatch::classify::model::{self, LabelledItem, TrainOptions};
    let Some(config) = load_optional_config(config) else { return Ok(ExitCode::from(EX_CONFIG)) };
    // The model learns to correct the rules, so it trains on the rules alone.
    let mut settings = daemon::classifier_settings(config.as_ref());
    settings.model = None;
    let classifier = wirewatch::classify::Classifier::new(&settings).context("cannot build the classifier")?;
    let records = match labelled_records(config.as_ref(), data, true)? {
        Ok(records) => records,
        Err(code) => return Ok(code),
    };
    let mut labelled = Vec::with_capacity(records.len());
    let mut unlabelled = 0usize;
    for r in &records {
        match r.topics.as_ref().filter(|t| !t.is_empty()) {
            Some(topics) => {
                labelled.push(LabelledItem { doc: wirewatch::classify::eval::document(r), topics: topics.clone() })
            }
            None => unlabelled += 1,
        }
    }
    if unlabelled > 0 {
        eprintln!("note: {unlabelled} items have no topics and are skipped");
    }
    let options = TrainOptions { epochs, bits, ..TrainOptions::default() };
    let trained = model::train(&classifier, &labelled, &options, |pass, passes, accuracy| {
        eprintln!("pass {pass}/{passes}: training accuracy {accuracy:.3}");
    })
    .with_context(|| format!("cannot train on '{}'", data.display()))?;
    // Written next to the target, then renamed: a running daemon reloading
    // never reads half a model.
    let tmp = out.with_extension("tmp");
    {
        let file = std::fs::File::create(&tmp).with_context(|| format!("cannot create '{}'", tmp.display()))?;
        let mut w = std::io::BufWriter::new(file);
        trained.write_to(&mut w).with_context(|| format!("cannot write '{}'", tmp.display()))?;
        w.flush().with_context(|| format!("cannot write '{}'", tmp.display()))?;
    }
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write '{}'", out.display()))?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {}: {} topics learned from {} items, {} feature rows, {:.1} MB\nuse it with  model = \"{}\"  under [classify]",
        out.display(),
        trained.classes().len(),
        trained.trained_items(),
        trained.feature_rows(),
        size as f64 / 1e6,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn outbox(config: Option<&Path>, action: OutboxAction) -> Result<ExitCode> {
    let Some(path) = config else {
        eprintln!("error: outbox needs --config (or WIREWATCH_CONFIG) to find the state directory");
        return Ok(ExitCode::from(EX_CONFIG));
    };
    let Some(config) = load_config(path) else { return Ok(ExitCode::from(EX_CONFIG)) };
    let db = config.database_path();
    if !db.exists() {
        bail!("no state database at '{}': wirewatch has not run with this config yet", db.display());
    }
    let store = Store::open(&db).context("cannot open the state database")?;
    match action {
        OutboxAction::List { state, sink, limit, json } => {
            let rows = store.outbox_rows(&state.states(), sink.as_deref(), limit)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if json {
                for row in &rows {
                    serde_json::to_writer(&mut out, row)?;
                    out.write_all(b"\n")?;
                }
            } else {
                writeln!(
                    out,
                    "{:>6}  {:<10}  {:<12}  {:<16}  {:<18}  {:>8}  {:<20}  error",
                    "row", "state", "sink", "rule", "alert", "attempts", "next attempt"
                )?;
                for r in &rows {
                    let next = chrono::DateTime::from_timestamp_millis(r.next_attempt)
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default();
                    let error: String = r.last_error.as_deref().unwrap_or("").chars().take(60).collect();
                    writeln!(
                        out,
                        "{:>6}  {:<10}  {:<12}  {:<16}  {:<18}  {:>8}  {:<20}  {}",
                        r.id,
                        r.state.as_str(),
                        r.sink,
                        r.rule,
                        &r.alert_id[..r.alert_id.len().min(16)],
                        r.attempts,
                        next,
                        error
                    )?;
                }
                let counts = store.outbox_counts()?;
                for c in counts {
                    writeln!(
                        out,
                        "{}: {} pending, {} folded, {} dead, {} delivered",
                        c.sink, c.pending, c.folded, c.dead, c.delivered
                    )?;
                }
            }
        }
        OutboxAction::Retry { sink, ids } => {
            let n = store.retry_dead(sink.as_deref(), &ids)?;
            println!(
                "{n} dead row{} made owed again; a running daemon delivers {} within its next round",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            );
        }
        OutboxAction::Purge { state, sink } => {
            let states = state.states();
            if states.is_empty() || states.contains(&OutboxState::Pending) || states.contains(&OutboxState::Folded) {
                bail!("purge removes dead or delivered rows only; owed rows are never purged");
            }
            let n = store.purge(&states, sink.as_deref())?;
            println!("{n} row{} purged", if n == 1 { "" } else { "s" });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "3m ago", "in 2h": a readable distance from now to `ms`.
fn relative(ms: Option<i64>) -> String {
    let Some(ms) = ms else { return "never".into() };
    let delta = ms - wirewatch::store::now_ms();
    let secs = (delta.abs() / 1000) as u64;
    let amount = match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h{:02}m", secs / 3600, secs % 3600 / 60),
        _ => format!("{}d{:02}h", secs / 86_400, secs % 86_400 / 3600),
    };
    if delta >= 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

fn status(path: &Path, json: bool) -> Result<ExitCode> {
    let Some(config) = load_config(path) else { return Ok(ExitCode::from(EX_CONFIG)) };
    let db = config.database_path();
    if !db.exists() {
        bail!("no state database at '{}': wirewatch has not run with this config yet", db.display());
    }
    let store = Store::open(&db).context("cannot open the state database")?;
    let states = store.feed_states()?;
    let counts = store.outbox_counts()?;
    let configured: std::collections::HashSet<&str> = config.feeds.iter().map(|f| f.name.as_str()).collect();
    let states: Vec<_> = states.into_iter().filter(|s| configured.contains(s.name.as_str())).collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "feeds": states, "outbox": counts }))?);
        return Ok(ExitCode::SUCCESS);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let name_width = states.iter().map(|s| s.name.len()).max().unwrap_or(4).clamp(4, 40);
    writeln!(
        out,
        "{:<name_width$}  {:<20}  {:>10}  {:>10}  {:>8}  {:>7}  last error",
        "feed", "status", "last poll", "next poll", "failures", "items"
    )?;
    let mut failing = 0;
    for s in &states {
        let status = s.last_status.as_deref().unwrap_or("never polled");
        if s.consecutive_failures > 0 {
            failing += 1;
        }
        let error: String = s.last_error.as_deref().unwrap_or("").chars().take(70).collect();
        writeln!(
            out,
            "{:<name_width$}  {:<20}  {:>10}  {:>10}  {:>8}  {:>7}  {}",
            s.name,
            status,
            relative(s.last_poll),
            relative(s.next_due),
            s.consecutive_failures,
            s.items_seen,
            error
        )?;
    }
    writeln!(out, "\n{} feeds, {} failing", states.len(), failing)?;
    for c in &counts {
        writeln!(
            out,
            "outbox {}: {} pending, {} folded, {} dead, {} delivered",
            c.sink, c.pending, c.folded, c.dead, c.delivered
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal; hidden (and silent) otherwise.
fn progress_bar(len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::new(len)
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!("{{bar:40}} {{pos}}/{{len}} {what} {{msg}}")) {
        bar.set_style(style);
    }
    bar
}

fn import_opml(file: &Path, config: Option<&Path>, write: bool) -> Result<ExitCode> {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read '{}': {e}", file.display());
            return Ok(ExitCode::from(EX_NOINPUT));
        }
    };
    let entries = wirewatch::opml::parse(&bytes).with_context(|| format!("cannot import '{}'", file.display()))?;
    let (names, urls) = match config {
        Some(path) => {
            let Some(config) = load_config(path) else { return Ok(ExitCode::from(EX_CONFIG)) };
            (
                config.feeds.iter().map(|f| f.name.clone()).collect(),
                config.feeds.iter().map(|f| f.url.to_string()).collect(),
            )
        }
        None => Default::default(),
    };
    let bar = progress_bar(entries.len() as u64, "outlines");
    let (planned, skipped) = wirewatch::opml::plan_import(&entries, &names, &urls);
    bar.inc(entries.len() as u64);
    bar.finish_and_clear();
    let toml = wirewatch::opml::to_toml(&planned);
    if write {
        let path = config.expect("clap requires --config with --write");
        let current = std::fs::read_to_string(path).with_context(|| format!("cannot read '{}'", path.display()))?;
        let merged = format!("{}\n# Imported from {}\n{}", current.trim_end(), file.display(), toml);
        if let Err(errors) = wirewatch::Config::parse(&merged, path) {
            print_config_errors(&errors);
            eprintln!("error: the merged config would be invalid; '{}' is unchanged", path.display());
            return Ok(ExitCode::from(EX_CONFIG));
        }
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, merged).with_context(|| format!("cannot write '{}'", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot replace '{}'", path.display()))?;
        eprintln!(
            "added {} feeds to {} ({skipped} already configured); reload the daemon to poll them",
            planned.len(),
            path.display()
        );
    } else {
        print!("{toml}");
        eprintln!("{} feeds ({skipped} already configured)", planned.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn export_opml(path: &Path, output: Option<&Path>) -> Result<ExitCode> {
    let Some(config) = load_config(path) else { return Ok(ExitCode::from(EX_CONFIG)) };
    let doc = wirewatch::opml::export(&config.feeds, "wirewatch feeds");
    match output {
        Some(out) => std::fs::write(out, doc).with_context(|| format!("cannot write '{}'", out.display()))?,
        None => print!("{doc}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn config_tests(path: &Path) -> Result<ExitCode> {
    let Some(config) = load_config(path) else { return Ok(ExitCode::from(EX_CONFIG)) };
    if config.tests.is_empty() {
        println!("{}: no [[tests]] to run", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let classifier = daemon::build_classifier(Some(&config)).context("cannot build the classifier")?;
    let outcomes = wirewatch::rules::testing::run_tests(&config, &classifier);
    let failed = outcomes.iter().filter(|o| !o.failures.is_empty()).count();
    for o in &outcomes {
        if o.failures.is_empty() {
            println!("ok      {}", o.test.name);
            continue;
        }
        println!("FAILED  {} ({}:{})", o.test.name, path.display(), o.test.line);
        for f in &o.failures {
            println!("          - {f}");
        }
        let class = &o.explanation.classification;
        let topics: Vec<String> = class.topics.iter().take(4).map(|t| format!("{} {:.2}", t.name, t.score)).collect();
        let regions: Vec<String> =
            class.regions.iter().take(5).map(|r| format!("{} {:.2}", r.country, r.score)).collect();
        println!("          topics:  {}", topics.join(", "));
        println!("          regions: {}", regions.join(", "));
        for d in &o.explanation.decisions {
            println!("          {} {}: {}", if d.matched { "+" } else { "-" }, d.rule, d.reason);
        }
    }
    println!("\n{} passed, {} failed", outcomes.len() - failed, failed);
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The three strongest pieces of evidence on one line, for `explain`:
/// enough to see why a rule's topic or region scored as it did without the
/// full listing of `classify --explain`.
fn strongest_evidence(evidence: &[wirewatch::classify::Evidence]) -> String {
    let pieces: Vec<String> = evidence
        .iter()
        .take(3)
        .map(|e| {
            let times = if e.count > 1 { format!(" ×{}", e.count) } else { String::new() };
            match e.field.as_ref() {
                "text" => format!("\"{}\"{times}", e.term),
                // The feed's home region: a prior, not a word of the item.
                "feed" => e.term.to_string(),
                field => format!("\"{}\"{times} in the {field}", e.term),
            }
        })
        .collect();
    if pieces.is_empty() {
        String::new()
    } else {
        format!(" ({})", pieces.join(", "))
    }
}

fn explain(path: &Path, input: &str, feed: Option<&str>) -> Result<ExitCode> {
    let Some(config) = load_config(path) else { return Ok(ExitCode::from(EX_CONFIG)) };
    if let Some(f) = feed {
        if config.feed(f).is_none() {
            eprintln!("error: no feed named '{f}' in {}", path.display());
            return Ok(ExitCode::from(EX_CONFIG));
        }
    }
    let mut text = String::new();
    read_input(input)?.read_to_string(&mut text).with_context(|| format!("cannot read '{input}'"))?;
    let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
    let classifier = daemon::build_classifier(Some(&config)).context("cannot build the classifier")?;
    let feed = feed.unwrap_or("");
    let item = wirewatch::rules::testing::sample_item(title.trim(), body, &[], feed);
    let e = wirewatch::rules::testing::explain(&config, &classifier, &item, feed);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "item: {}", item.title)?;
    let about = |score: f32| if score >= config.classify.threshold { "about" } else { "mention" };
    for t in e.classification.topics.iter().take(5) {
        writeln!(out, "  topic   {:.2} {:<7} {}{}", t.score, about(t.score), t.name, strongest_evidence(&t.evidence))?;
    }
    for r in e.classification.regions.iter().take(6) {
        writeln!(
            out,
            "  region  {:.2} {:<7} {} {} ({}){}",
            r.score,
            about(r.score),
            r.country,
            r.name,
            r.subregion,
            strongest_evidence(&r.evidence)
        )?;
    }
    writeln!(out, "rules:")?;
    for d in &e.decisions {
        writeln!(out, "  {} {}: {}", if d.matched { "MATCH   " } else { "no match" }, d.rule, d.reason)?;
    }
    Ok(ExitCode::SUCCESS)
}
