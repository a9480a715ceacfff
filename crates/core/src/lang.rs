use serde::{Deserialize, Serialize};
use std::fmt;

/// The languages newsindex analyses; anything else is kept as [`Lang::Other`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese.
    Vi,
    /// French.
    Fr,
    /// English.
    En,
    /// Any other language; the detected code is kept on the article.
    Other,
}

impl Lang {
    /// The three languages with a dedicated analyzer, in a fixed order.
    pub const ANALYSED: [Lang; 3] = [Lang::Vi, Lang::Fr, Lang::En];

    /// The lowercase code used in records, filters and field names (`vi`, `fr`, `en`, `other`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }

    /// Parses an ISO 639-1/639-3 code or an English/native language name, case-insensitively;
    /// also accepts region-tagged forms such as `fr-FR` or `vi_VN`.
    pub fn parse(raw: &str) -> Option<Lang> {
        let lowered = raw.trim().to_lowercase();
        let primary = lowered.split(['-', '_']).next().unwrap_or("");
        match primary {
            "vi" | "vie" | "vietnamese" | "tiếng việt" => Some(Lang::Vi),
            "fr" | "fra" | "fre" | "french" | "français" | "francais" => Some(Lang::Fr),
            "en" | "eng" | "english" => Some(Lang::En),
            "other" => Some(Lang::Other),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_names_and_region_tags() {
        for (raw, want) in [
            ("vi", Some(Lang::Vi)),
            ("vi-VN", Some(Lang::Vi)),
            ("FR", Some(Lang::Fr)),
            ("fr_FR", Some(Lang::Fr)),
            ("English", Some(Lang::En)),
            ("eng", Some(Lang::En)),
            ("de", None),
            ("", None),
        ] {
            assert_eq!(Lang::parse(raw), want, "{raw}");
        }
    }

    #[test]
    fn serialises_as_lowercase_code() {
        assert_eq!(serde_json::to_string(&Lang::Vi).unwrap(), "\"vi\"");
        assert_eq!(
            serde_json::from_str::<Lang>("\"other\"").unwrap(),
            Lang::Other
        );
    }
}
