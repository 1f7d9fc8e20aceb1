//! The one value type both models share: a calendar day.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date written `AAAA-MM-JJ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Today, in the machine's time zone.
    pub fn today() -> Date {
        Date(jiff::ZonedDateTime::now().date())
    }

    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shaped {
            return None;
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().ok();
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?)
            .ok()
            .map(Date)
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(text.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "date invalide « {text} » : une date réelle au format AAAA-MM-JJ est attendue, par exemple 2023-10-15"
            ))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_real_days() {
        assert_eq!(Date::parse("2023-10-15").unwrap().to_string(), "2023-10-15");
        assert!(Date::parse("2023-02-30").is_none());
        assert!(Date::parse("15/10/2023").is_none());
        assert!(Date::parse("2023-1-5").is_none());
        assert!(Date::parse("２０２３-10-15").is_none());
    }
}
