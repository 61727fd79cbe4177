//! Tera filters of carnet's templates: dates and durations the way readers
//! say them, phone numbers as `tel:` links, tables that scroll on a phone.
//! Each is a pure function of its input, registered in `templates`.
//!
//! A filter given something it cannot read returns it unchanged rather than
//! failing the build: an author's `seances = ["le 16 mars"]` should show as
//! written, not stop the site.

use crate::date::{is_french, Date};
use std::collections::HashMap;
use tera::{Tera, Value};

/// Registers every filter on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("long_date", long_date);
    tera.register_filter("tel_href", tel_href);
    tera.register_filter("minutes", minutes);
    tera.register_filter("wrap_tables", wrap_tables);
}

fn lang(args: &HashMap<String, Value>) -> &str {
    args.get("lang").and_then(Value::as_str).unwrap_or("fr")
}

/// The text of a date: a string, or a TOML datetime as serde writes it.
pub fn date_text(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(map) if map.len() == 1 => map.values().next()?.as_str(),
        _ => None,
    }
}

/// `{{ d | long_date(lang=config.language) }}`: « 16 mars 2023 », with the
/// time when there is one (« 16 mars 2023, 12 h 30 »).
pub fn long_date(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let Some(date) = date_text(value).and_then(Date::parse) else {
        return Ok(value.clone());
    };
    Ok(Value::String(format_long(&date, lang(args))))
}

/// A date and, when given, its time of day.
pub fn format_long(date: &Date, language: &str) -> String {
    let day = date.long(language);
    match date.seconds {
        None => day,
        Some(s) if is_french(language) => match (s / 3600, s / 60 % 60) {
            (h, 0) => format!("{day}, {h} h"),
            (h, m) => format!("{day}, {h} h {m:02}"),
        },
        Some(s) => format!("{day}, {:02}:{:02}", s / 3600, s / 60 % 60),
    }
}

/// `{{ "01 99 00 11 20" | tel_href }}` → `0199001120`: what a `tel:` link
/// needs (digits, and a leading `+`).
pub fn tel_href(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => return Ok(other.clone()),
    };
    let plus = text.trim_start().starts_with('+');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    Ok(Value::String(if plus {
        format!("+{digits}")
    } else {
        digits
    }))
}

/// `{{ 90 | minutes(lang="fr") }}` → « 1 h 30 »; « 52 min »; « 2 h ».
pub fn minutes(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let Some(n) = n else {
        return Ok(value.clone());
    };
    Ok(Value::String(format_minutes(n, lang(args))))
}

pub fn format_minutes(n: u64, language: &str) -> String {
    let (h, m) = (n / 60, n % 60);
    let fr = is_french(language);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) if fr => format!("{h} h"),
        (h, m) if fr => format!("{h} h {m:02}"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

pub use crate::markdown::{escape_html, escape_html_into};

/// Wraps each table of rendered Markdown in a box that scrolls sideways, so
/// a wide table never makes the whole page scroll on a phone. The box is
/// focusable so keyboard users can scroll it too.
pub fn wrap_tables(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(match value.as_str().and_then(tables_wrapped) {
        Some(html) => Value::String(html),
        None => value.clone(),
    })
}

/// `html` with each `<table>` … `</table>` inside the scrolling box, or
/// `None` when it has no table (most pages). One pass with memchr's search
/// (SIMD): the two `str::replace` it stands for, each a scan and a new
/// string, were 1% of a build.
fn tables_wrapped(html: &str) -> Option<String> {
    const OPEN: &str = "<div class=\"table-wrap\" tabindex=\"0\"><table>";
    const CLOSE: &str = "</table></div>";
    let bytes = html.as_bytes();
    let mut out = String::new();
    // end of the part of `html` already copied to `out`
    let mut copied = 0;
    for at in memchr::memmem::find_iter(bytes, b"table>") {
        let (tag_start, wrapped) = if bytes[..at].ends_with(b"</") {
            (at - 2, CLOSE)
        } else if bytes[..at].ends_with(b"<") {
            (at - 1, OPEN)
        } else {
            continue;
        };
        if out.is_empty() {
            out.reserve(html.len() + 64);
        }
        out.push_str(&html[copied..tag_start]);
        out.push_str(wrapped);
        copied = at + "table>".len();
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    type FilterFnPtr = fn(&Value, &HashMap<String, Value>) -> tera::Result<Value>;

    fn call(f: FilterFnPtr, value: Value, lang: &str) -> Value {
        let args = HashMap::from([("lang".to_string(), json!(lang))]);
        f(&value, &args).unwrap()
    }

    proptest::proptest! {
        /// The one pass does what the two `replace` calls it stands for did.
        #[test]
        fn tables_are_wrapped_as_by_two_replaces(html in "(<|/|table>|<table>|</table>|x|é){0,30}") {
            let expected = html
                .replace("<table>", "<div class=\"table-wrap\" tabindex=\"0\"><table>")
                .replace("</table>", "</table></div>");
            let got = tables_wrapped(&html).unwrap_or_else(|| html.clone());
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn dates_read_the_way_readers_say_them() {
        let table: [(Value, &str, &str); 6] = [
            (json!("2023-03-16"), "fr", "16 mars 2023"),
            (json!("2023-08-01"), "fr", "1er août 2023"),
            (json!("2023-03-16T12:30:00"), "fr", "16 mars 2023, 12 h 30"),
            (json!("2023-03-16T14:00:00"), "fr", "16 mars 2023, 14 h"),
            (
                json!({"$__toml_private_datetime": "2023-03-16"}),
                "en",
                "16 March 2023",
            ),
            (json!("le 16 mars"), "fr", "le 16 mars"),
        ];
        for (input, lang, want) in table {
            assert_eq!(
                call(long_date as FilterFnPtr, input.clone(), lang),
                json!(want),
                "{input}"
            );
        }
    }

    #[test]
    fn phone_numbers_become_tel_links() {
        for (input, want) in [
            (json!("01 99 00 11 20"), "0199001120"),
            (json!("+33 1 99 00 11 20"), "+33199001120"),
            (json!("0 800 235 236"), "0800235236"),
            (json!(3919), "3919"),
        ] {
            assert_eq!(call(tel_href as FilterFnPtr, input, "fr"), json!(want));
        }
    }

    #[test]
    fn durations() {
        for (n, lang, want) in [
            (52, "fr", "52 min"),
            (90, "fr", "1 h 30"),
            (120, "fr", "2 h"),
            (65, "fr", "1 h 05"),
            (90, "en", "1 h 30 min"),
        ] {
            assert_eq!(format_minutes(n, lang), want);
        }
        assert_eq!(
            call(minutes as FilterFnPtr, json!("environ 1 h"), "fr"),
            json!("environ 1 h")
        );
    }

    #[test]
    fn html_escaping_leaves_slashes_alone() {
        assert_eq!(
            escape_html("../a/<b> & \"c\" 'd'"),
            "../a/&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;"
        );
    }

    #[test]
    fn tables_are_wrapped() {
        let out = call(
            wrap_tables as FilterFnPtr,
            json!("<p>a</p><table><tr></tr></table>"),
            "fr",
        );
        assert_eq!(
            out,
            json!(
                "<p>a</p><div class=\"table-wrap\" tabindex=\"0\"><table><tr></tr></table></div>"
            )
        );
        // no table (a « <table> » written in the text comes escaped): as is
        let text = json!("<p>La balise &lt;table&gt;</p>");
        assert_eq!(call(wrap_tables as FilterFnPtr, text.clone(), "fr"), text);
    }
}
