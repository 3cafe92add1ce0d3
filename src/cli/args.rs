//! A small flag parser: `--name value` pairs plus positional arguments, with
//! an error for anything left unread.

use std::str::FromStr;

/// The arguments of one subcommand.
pub struct Args {
    remaining: Vec<String>,
}

impl Args {
    pub fn new(raw: &[String]) -> Self {
        Args {
            remaining: raw.to_vec(),
        }
    }

    /// Takes `--name value`, if present.
    pub fn value(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(index) = self.remaining.iter().position(|a| a == name) else {
            return Ok(None);
        };
        if index + 1 >= self.remaining.len() {
            return Err(format!("{name} needs a value"));
        }
        let value = self.remaining.remove(index + 1);
        self.remaining.remove(index);
        Ok(Some(value))
    }

    /// Takes `--name value` and parses the value.
    pub fn parsed<T: FromStr>(&mut self, name: &str) -> Result<Option<T>, String> {
        match self.value(name)? {
            None => Ok(None),
            Some(raw) => raw
                .parse()
                .map(Some)
                .map_err(|_| format!("{name}: \"{raw}\" is not a valid value")),
        }
    }

    /// Takes the first argument that is not a flag.
    pub fn positional(&mut self) -> Option<String> {
        let index = self.remaining.iter().position(|a| !a.starts_with("--"))?;
        Some(self.remaining.remove(index))
    }

    /// Fails on any argument nobody asked for.
    pub fn finish(&self) -> Result<(), String> {
        match self.remaining.first() {
            None => Ok(()),
            Some(extra) => Err(format!("unexpected argument \"{extra}\"")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args::new(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn takes_flags_and_positionals_in_any_order() {
        let mut a = args(&["--out", "dir", "file.csv", "--horizon", "26"]);
        assert_eq!(a.value("--out").unwrap().as_deref(), Some("dir"));
        assert_eq!(a.parsed::<u32>("--horizon").unwrap(), Some(26));
        assert_eq!(a.positional().as_deref(), Some("file.csv"));
        assert!(a.finish().is_ok());
    }

    #[test]
    fn reports_missing_values_bad_numbers_and_leftovers() {
        assert_eq!(
            args(&["--out"]).value("--out").unwrap_err(),
            "--out needs a value"
        );
        assert!(args(&["--horizon", "x"])
            .parsed::<u32>("--horizon")
            .is_err());
        assert_eq!(
            args(&["--what"]).finish().unwrap_err(),
            "unexpected argument \"--what\""
        );
    }
}
