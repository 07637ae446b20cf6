//! The grammar of the chair's overview: risks, the dashboard and reports.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum RiskVerb {
    Add {
        #[arg(long, value_name = "CODE")]
        initiative: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_name = "1-5")]
        likelihood: i64,
        #[arg(long, value_name = "1-5")]
        impact: i64,
        #[arg(long, value_name = "1-5", requires = "residual_impact")]
        residual_likelihood: Option<i64>,
        #[arg(long, value_name = "1-5", requires = "residual_likelihood")]
        residual_impact: Option<i64>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        consequence: Option<String>,
        #[arg(long)]
        mitigation: Option<String>,
        #[arg(long, value_name = "DATE")]
        review: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A new assessment (the earlier ones are kept).
    Assess {
        risk: String,
        #[arg(long, value_name = "1-5")]
        likelihood: i64,
        #[arg(long, value_name = "1-5")]
        impact: i64,
        #[arg(long, value_name = "1-5", requires = "residual_impact")]
        residual_likelihood: Option<i64>,
        #[arg(long, value_name = "1-5", requires = "residual_likelihood")]
        residual_impact: Option<i64>,
    },
    /// Close (or reopen) a risk.
    State { risk: String, status: String },
    /// Correct what a risk says ("" clears an optional field).
    Set {
        risk: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        consequence: Option<String>,
        #[arg(long)]
        mitigation: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        review: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// The 5x5 counts of open risks (likelihood rows 5 to 1, impact columns 1 to 5).
    Heatmap {
        #[arg(long)]
        residual: bool,
        /// Mark risks that moved since this date (default: the last meeting held).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ReportWhat {
    /// The annual status report (statusredegørelse).
    Status {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        format: String,
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The half-yearly deliverables overview (leveranceoversigt).
    Deliverables {
        /// YYYY-H1 or YYYY-H2
        #[arg(long)]
        half: String,
        #[arg(long)]
        format: String,
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A highlight report for one initiative.
    Highlight {
        code: String,
        #[arg(long)]
        format: String,
        /// The period the narrative belongs to (default: the current quarter, e.g. 2026-Q1).
        #[arg(long)]
        period: Option<String>,
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Publish a report: its PDF, DOCX and Markdown as they are now, kept
    /// unchanged and synced to every member; prints its id.
    Publish {
        #[command(subcommand)]
        what: PublishWhat,
    },
    /// Reports published earlier: list them, get their files.
    Published {
        #[command(subcommand)]
        verb: PublishedVerb,
    },
}

#[derive(Subcommand)]
pub enum PublishWhat {
    /// The annual status report of a year.
    Status {
        #[arg(long)]
        year: i32,
    },
    /// The half-yearly deliverables overview.
    Deliverables {
        /// YYYY-H1 or YYYY-H2
        #[arg(long)]
        half: String,
    },
    /// A highlight report for one initiative.
    Highlight {
        code: String,
        /// The period the narrative belongs to (default: the current quarter, e.g. 2026-Q1).
        #[arg(long)]
        period: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PublishedVerb {
    /// Every published report, the latest first, with who published it and when.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A file of a published report, byte for byte as it was published.
    Get {
        /// The published report's id (or a unique prefix of 6+ characters).
        report: String,
        /// pdf, docx or md
        #[arg(long)]
        format: String,
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}
