//! Configuration errors that point at the file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a configuration file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file the problem is in.
    pub path: PathBuf,
    /// 1-based line, when the problem has a position.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the problem has a position.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell ("did you mean ...").
    pub hint: Option<String>,
}

impl ConfigError {
    /// A problem at byte offset `offset` of `source`.
    pub(crate) fn at(
        path: &Path,
        source: &str,
        offset: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let (line, column) = line_column(source, offset);
        ConfigError { path: path.to_path_buf(), line: Some(line), column: Some(column), message: message.into(), hint }
    }

    /// The file could not be read at all.
    pub(crate) fn io(path: &Path, error: &std::io::Error) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read config file: {error}"),
            hint: None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Every problem found in one configuration file, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors {
    /// The problems; never empty.
    pub errors: Vec<ConfigError>,
}

impl ConfigErrors {
    pub(crate) fn single(error: ConfigError) -> Self {
        ConfigErrors { errors: vec![error] }
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// 1-based line and character column of byte `offset` in `source`.
pub(super) fn line_column_of(source: &str, offset: usize) -> (usize, usize) {
    line_column(source, offset)
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = "a = 1\nné = 2\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        // 'é' is two bytes; the '=' after "né " is the 4th character.
        assert_eq!(line_column(src, 10), (2, 4));
    }
}
