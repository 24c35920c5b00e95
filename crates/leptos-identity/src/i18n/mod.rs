//! The modal's strings: the keys of netlify-identity-widget, its 16 locales,
//! the browser's language by default, and per-string overrides.

mod en;

use std::collections::HashMap;

/// A string of the modal, named as in netlify-identity-widget's translations.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    LogIn,
    LogOut,
    LoggedInAs,
    LoggedIn,
    LoggingIn,
    LoggingOut,
    SignUp,
    SigningUp,
    ForgotPassword,
    RecoverPassword,
    SendRecoveryEmail,
    SendingRecoveryEmail,
    NeverMind,
    UpdatePassword,
    UpdatingPassword,
    CompleteYourSignup,
    MessageConfirm,
    MessagePasswordMail,
    MessageEmailChanged,
    MessageVerificationError,
    MessageSignupDisabled,
    FormNamePlaceholder,
    FormEmailLabel,
    FormNameLabel,
    FormEmailPlaceholder,
    FormPasswordLabel,
    FormPasswordPlaceholder,
    ContinueWith,
    NoUserFound,
    InvalidPassword,
    EmailNotConfirmed,
    UserNotFound,
    Or,
    ShowPassword,
    HidePassword,
    Close,
    Loading,
    ProvidersOnly,
}

/// A language of the modal.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    Fr,
    Es,
    Hu,
    Pt,
    Pl,
    Cs,
    Sk,
    Ru,
    De,
    It,
    Ar,
    ZhCn,
    Nl,
    Sv,
    Sw,
}

impl Locale {
    /// Every locale netlify-identity-widget 2 ships.
    pub const ALL: [Locale; 16] = [
        Locale::En,
        Locale::Fr,
        Locale::Es,
        Locale::Hu,
        Locale::Pt,
        Locale::Pl,
        Locale::Cs,
        Locale::Sk,
        Locale::Ru,
        Locale::De,
        Locale::It,
        Locale::Ar,
        Locale::ZhCn,
        Locale::Nl,
        Locale::Sv,
        Locale::Sw,
    ];

    /// The BCP 47 code, as `lang` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::Hu => "hu",
            Locale::Pt => "pt",
            Locale::Pl => "pl",
            Locale::Cs => "cs",
            Locale::Sk => "sk",
            Locale::Ru => "ru",
            Locale::De => "de",
            Locale::It => "it",
            Locale::Ar => "ar",
            Locale::ZhCn => "zh-CN",
            Locale::Nl => "nl",
            Locale::Sv => "sv",
            Locale::Sw => "sw",
        }
    }

    /// The locale for a language tag such as `fr-CA` or `zh-Hans-CN`; `None`
    /// for a language the modal does not speak.
    ///
    /// ```
    /// use leptos_identity::i18n::Locale;
    /// assert_eq!(Locale::from_tag("fr-CA"), Some(Locale::Fr));
    /// assert_eq!(Locale::from_tag("zh"), Some(Locale::ZhCn));
    /// assert_eq!(Locale::from_tag("ja"), None);
    /// ```
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL
            .into_iter()
            .find(|l| l.code().split('-').next() == Some(primary.as_str()))
    }

    /// The first locale of the browser's preferred languages the modal
    /// speaks, else English.
    pub fn from_browser() -> Locale {
        let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
            return Locale::En;
        };
        let languages = navigator.languages();
        languages
            .iter()
            .filter_map(|tag| tag.as_string())
            .chain(navigator.language())
            .find_map(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }

    /// Whether the script runs right to left.
    pub fn is_rtl(self) -> bool {
        self == Locale::Ar
    }

    fn lookup(self, key: Key) -> Option<&'static str> {
        match self {
            Locale::En => Some(en::text(key)),
            _ => None,
        }
    }
}

/// The modal's strings in one locale, with the site's overrides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strings {
    /// The language.
    pub locale: Locale,
    /// Replacements for single strings, whatever the locale.
    pub overrides: HashMap<Key, String>,
}

impl Strings {
    /// The text for `key`: the override, else the locale's, else English.
    pub fn get(&self, key: Key) -> String {
        if let Some(text) = self.overrides.get(&key) {
            return text.clone();
        }
        self.locale
            .lookup(key)
            .unwrap_or_else(|| en::text(key))
            .to_owned()
    }

    /// A server error message in this locale, where the original widget
    /// translated it; otherwise the server's own words.
    pub fn server_message(&self, message: &str) -> String {
        let key = match message.trim() {
            "No user found with this email" => Key::NoUserFound,
            "Invalid Password" => Key::InvalidPassword,
            "Email not confirmed" => Key::EmailNotConfirmed,
            "User not found" => Key::UserNotFound,
            _ => return message.to_owned(),
        };
        self.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_then_english_fills_gaps() {
        let mut strings = Strings {
            locale: Locale::Fr,
            ..Strings::default()
        };
        assert!(!strings.get(Key::LogIn).is_empty());
        strings.overrides.insert(Key::LogIn, "Enter".into());
        assert_eq!(strings.get(Key::LogIn), "Enter");
    }

    #[test]
    fn known_server_errors_are_translated_others_kept() {
        let strings = Strings::default();
        assert_eq!(
            strings.server_message("Email not confirmed"),
            en::text(Key::EmailNotConfirmed)
        );
        assert_eq!(strings.server_message("Something else"), "Something else");
    }

    #[test]
    fn language_tags_pick_locales() {
        assert_eq!(Locale::from_tag("de-AT"), Some(Locale::De));
        assert_eq!(Locale::from_tag("ar"), Some(Locale::Ar));
        assert_eq!(Locale::from_tag("pt_BR"), Some(Locale::Pt));
        assert_eq!(Locale::from_tag(""), None);
        assert!(Locale::Ar.is_rtl() && !Locale::En.is_rtl());
    }
}
