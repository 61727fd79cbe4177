//! `carnet new`.
use crate::error::Result;
use std::path::Path;
pub fn create(_root: &Path, _section: &str, _title: &str, _date: Option<&str>) -> Result<String> {
    todo!()
}
