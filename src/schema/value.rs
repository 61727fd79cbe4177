//! One value of a page against its declared type: the pure checks behind
//! `text`, `date`, `integer`, `url`, `email`, `phone`…

use super::{FieldType, Scalar};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The value as a whole (wrong kind, or not a list).
    Value,
    /// Item `n` of a list.
    Item(usize),
}

/// Checks `value` against `kind`; `Err` says which part is wrong.
pub fn check_value(kind: FieldType, value: &toml::Value) -> Result<(), Mismatch> {
    match kind {
        FieldType::One(s) => {
            if fits(s, value) {
                Ok(())
            } else {
                Err(Mismatch::Value)
            }
        }
        FieldType::List(s) => {
            let toml::Value::Array(items) = value else {
                return Err(Mismatch::Value);
            };
            match items.iter().position(|item| !fits(s, item)) {
                Some(i) => Err(Mismatch::Item(i)),
                None => Ok(()),
            }
        }
    }
}

fn fits(kind: Scalar, value: &toml::Value) -> bool {
    use toml::Value as V;
    match (kind, value) {
        (Scalar::Text, V::String(_)) => true,
        (Scalar::Integer, V::Integer(_)) => true,
        (Scalar::Boolean, V::Boolean(_)) => true,
        (Scalar::Date, V::Datetime(d)) => crate::date::Date::parse(&d.to_string()).is_some(),
        (Scalar::Date, V::String(s)) => crate::date::Date::parse(s).is_some(),
        (Scalar::Url, V::String(s)) => is_url(s),
        (Scalar::Email, V::String(s)) => is_email(s),
        (Scalar::Phone, V::String(s)) => is_phone(s),
        _ => false,
    }
}

/// `https://host.tld/…` or `http://…`, without spaces.
pub fn is_url(text: &str) -> bool {
    let text = text.trim();
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    !text.chars().any(char::is_whitespace)
        && !host.is_empty()
        && (host.contains('.') || host == "localhost")
        && !host.starts_with('.')
        && !host.ends_with('.')
}

/// `nom@domaine.fr`: one `@`, a dotted domain, no spaces.
pub fn is_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A French-style phone number: short numbers (`3919`, `115`), ten digits
/// starting with 0 (`01 23 45 67 89`, `0 800 235 236`), or international
/// (`+33 1 23 45 67 89`). Spaces, dots, dashes are allowed between digits.
pub fn is_phone(text: &str) -> bool {
    let text = text.trim();
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\u{202f}')))
    {
        return false;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if plus {
        (8..=15).contains(&n)
    } else if digits.starts_with("00") {
        (10..=17).contains(&n)
    } else if digits.starts_with('0') {
        n == 10
    } else {
        (3..=6).contains(&n)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "3919",
            "115",
            "01 99 00 11 20",
            "0 800 235 236",
            "01.23.45.67.89",
            "+33 1 23 45 67 89",
            "0033 1 23 45 67 89",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "01 23 45 67",
            "appeler le standard",
            "12",
            "+33",
            "01 23 45 67 89 0",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails_and_urls() {
        assert!(is_email("pex-sst11@example.org"));
        for bad in [
            "pex-sst11",
            "a@b",
            "a b@c.fr",
            "@c.fr",
            "a@c.fr.",
            "a@@c.fr",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_url("https://www.filsantejeunes.com/"));
        assert!(is_url("http://localhost:8080/x"));
        for bad in [
            "www.exemple.fr",
            "https://",
            "https://exemple",
            "https://a b.fr",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn values_against_types() {
        let v = |s: &str| -> toml::Value {
            toml::from_str::<toml::Table>(&format!("v = {s}")).unwrap()["v"].clone()
        };
        let list_of_dates = FieldType::List(Scalar::Date);
        assert_eq!(
            check_value(list_of_dates, &v("[2023-08-10, 2023-08-17]")),
            Ok(())
        );
        assert_eq!(
            check_value(list_of_dates, &v("[2023-08-10, \"le 17\"]")),
            Err(Mismatch::Item(1))
        );
        assert_eq!(
            check_value(list_of_dates, &v("2023-08-10")),
            Err(Mismatch::Value)
        );
        assert_eq!(
            check_value(FieldType::One(Scalar::Integer), &v("\"14\"")),
            Err(Mismatch::Value)
        );
        assert_eq!(
            check_value(FieldType::One(Scalar::Text), &v("\"3 h\"")),
            Ok(())
        );
    }
}
