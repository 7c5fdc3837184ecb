//! Keyword enums: closed sets of values written as snake_case words in YAML.

/// A closed set of keywords parsed from the source.
pub trait Keyword: Sized + Copy {
    /// The type's name, for messages.
    const WHAT: &'static str;
    /// Parse a keyword.
    fn from_keyword(text: &str) -> Option<Self>;
    /// All keywords, for hints.
    fn keyword_list() -> Vec<&'static str>;
}

/// Declare an enum whose variants are written as fixed keywords in the source.
///
/// Generates `ALL`, `as_str` (the keyword), `label` (for people), `parse`,
/// `Display` and `Serialize` (as the keyword).
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $kw:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The keyword as written in the source.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $kw,)+ }
            }

            /// A label for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parse a keyword (case-insensitive, `-` and space accepted for `_`).
            pub fn parse(text: &str) -> Option<$name> {
                let norm = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match norm.as_str() { $($kw => Some($name::$variant),)+ _ => None }
            }

            /// The keywords, for "expected one of" hints.
            pub fn keywords() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl $crate::model::Keyword for $name {
            const WHAT: &'static str = stringify!($name);
            fn from_keyword(text: &str) -> Option<Self> {
                Self::parse(text)
            }
            fn keyword_list() -> Vec<&'static str> {
                Self::keywords()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use keyword_enum;
