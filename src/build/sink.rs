//! Where a run's files go: a [`Sink`] takes them in batches. The staged writer is one
//! (`timeline build`), [`Collect`] keeps them in memory (tests), `check` counts them and
//! `serve` holds them as the site it answers from.

use crate::built::OutputFile;
use crate::error::Diagnostics;

/// Takes the files of a run, batch by batch, from a thread of its own.
pub trait Sink: Send {
    fn add(&mut self, files: Vec<OutputFile>) -> Result<(), Diagnostics>;
}

/// Keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(pub Vec<OutputFile>);

impl Sink for Collect {
    fn add(&mut self, files: Vec<OutputFile>) -> Result<(), Diagnostics> {
        self.0.extend(files);
        Ok(())
    }
}

impl Sink for crate::output::Writer {
    fn add(&mut self, files: Vec<OutputFile>) -> Result<(), Diagnostics> {
        crate::output::Writer::add(self, &files)
    }
}
