//! The widget's strings (modal, menu, button, account): the keys of netlify-identity-widget, its 16 locales,
//! the browser's language by default, and per-string overrides.

/// One locale's strings, listed by key in [`Key`] order, as one `&str`.
///
/// 55 separate `&'static str`s per locale cost the wasm a (pointer, length) pair each, 7 KB
/// for 16 locales; one string per locale with each text ended by [`END`] costs nothing
/// beyond the text. The keys stay beside their texts, and the tests check their order.
macro_rules! strings {
    ($(Key::$key:ident => $text:literal),* $(,)?) => {
        /// Every text of this locale in [`Key`](super::Key) order, each ended by [`END`](super::END).
        pub const TEXT: &str = concat!($($text, '\u{1f}'),*);

        /// The keys in the order of [`TEXT`]; the tests hold them to `Key::ALL`.
        #[cfg(test)]
        pub const KEYS: &[super::Key] = &[$(super::Key::$key),*];
    };
}

mod ar;
mod cs;
mod de;
mod en;
mod es;
mod fr;
mod hu;
mod it;
mod nl;
mod pl;
mod pt;
mod ru;
mod sk;
mod sv;
mod sw;
mod zh_cn;

use std::collections::HashMap;

/// What ends each text in a locale's [`strings!`] table (U+001F, the unit separator).
const END: char = '\u{1f}';

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
    AccountName,
    AccountEmail,
    NewPassword,
    Save,
    Saving,
    MessageSaved,
    MessageEmailChangeSent,
    MessagePasswordChanged,
    LogInToManage,
    PendingEmail,
    /// `IdentityMenu`'s greeting before the user's name, separator included ("Welcome, "):
    /// ours, the JS widget's menu says "Logged in as".
    Welcome,
    SiteUrlTitle,
    SiteUrlLinkText,
    SiteUrlMessage,
    SiteUrlLabel,
    SiteUrlPlaceholder,
    SiteUrlSubmit,
}

impl Key {
    /// Every key, in declaration order.
    pub const ALL: [Key; 55] = [
        Key::LogIn,
        Key::LogOut,
        Key::LoggedInAs,
        Key::LoggedIn,
        Key::LoggingIn,
        Key::LoggingOut,
        Key::SignUp,
        Key::SigningUp,
        Key::ForgotPassword,
        Key::RecoverPassword,
        Key::SendRecoveryEmail,
        Key::SendingRecoveryEmail,
        Key::NeverMind,
        Key::UpdatePassword,
        Key::UpdatingPassword,
        Key::CompleteYourSignup,
        Key::MessageConfirm,
        Key::MessagePasswordMail,
        Key::MessageEmailChanged,
        Key::MessageVerificationError,
        Key::MessageSignupDisabled,
        Key::FormNamePlaceholder,
        Key::FormEmailLabel,
        Key::FormNameLabel,
        Key::FormEmailPlaceholder,
        Key::FormPasswordLabel,
        Key::FormPasswordPlaceholder,
        Key::ContinueWith,
        Key::NoUserFound,
        Key::InvalidPassword,
        Key::EmailNotConfirmed,
        Key::UserNotFound,
        Key::Or,
        Key::ShowPassword,
        Key::HidePassword,
        Key::Close,
        Key::Loading,
        Key::ProvidersOnly,
        Key::AccountName,
        Key::AccountEmail,
        Key::NewPassword,
        Key::Save,
        Key::Saving,
        Key::MessageSaved,
        Key::MessageEmailChangeSent,
        Key::MessagePasswordChanged,
        Key::LogInToManage,
        Key::PendingEmail,
        Key::Welcome,
        Key::SiteUrlTitle,
        Key::SiteUrlLinkText,
        Key::SiteUrlMessage,
        Key::SiteUrlLabel,
        Key::SiteUrlPlaceholder,
        Key::SiteUrlSubmit,
    ];
}

/// A language of the modal.
#[allow(missing_docs)]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
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

    /// The locale an `Accept-Language` header ranks first among those the modal speaks
    /// (by `q`, then by order; `q=0` and `*` ask for nothing); `None` when it names none.
    ///
    /// ```
    /// use leptos_identity::i18n::Locale;
    /// assert_eq!(Locale::from_accept_language("ja, de-CH;q=0.8, fr;q=0.9"), Some(Locale::Fr));
    /// assert_eq!(Locale::from_accept_language("en;q=0, *"), None);
    /// ```
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut ranked: Vec<(u32, usize, Locale)> = header
            .split(',')
            .enumerate()
            .filter_map(|(order, entry)| {
                let mut parts = entry.split(';');
                let locale = Locale::from_tag(parts.next()?.trim())?;
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .next()
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                let q = (q.clamp(0.0, 1.0) * 1000.0) as u32;
                (q > 0).then_some((q, order, locale))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|&(_, _, locale)| locale)
    }

    /// The first locale of the browser's preferred languages the modal
    /// speaks, else English.
    pub fn from_browser() -> Locale {
        let Some(navigator) = crate::browser::window().map(|w| w.navigator()) else {
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

    /// The text for `key` in this locale (no overrides), as the menu and button show it.
    ///
    /// ```
    /// use leptos_identity::i18n::{Key, Locale};
    /// assert_eq!(Locale::De.text(Key::LogIn), "Anmelden");
    /// assert_eq!(Locale::En.text(Key::Welcome), "Welcome, ");
    /// ```
    pub fn text(self, key: Key) -> &'static str {
        self.lookup(key)
            .or_else(|| Locale::En.lookup(key))
            .unwrap_or_default()
    }

    fn lookup(self, key: Key) -> Option<&'static str> {
        self.table().split(END).nth(key as usize)
    }

    fn table(self) -> &'static str {
        match self {
            Locale::En => en::TEXT,
            Locale::Fr => fr::TEXT,
            Locale::Es => es::TEXT,
            Locale::Hu => hu::TEXT,
            Locale::Pt => pt::TEXT,
            Locale::Pl => pl::TEXT,
            Locale::Cs => cs::TEXT,
            Locale::Sk => sk::TEXT,
            Locale::Ru => ru::TEXT,
            Locale::De => de::TEXT,
            Locale::It => it::TEXT,
            Locale::Ar => ar::TEXT,
            Locale::ZhCn => zh_cn::TEXT,
            Locale::Nl => nl::TEXT,
            Locale::Sv => sv::TEXT,
            Locale::Sw => sw::TEXT,
        }
    }

    /// Every key of this locale's table, in table order (tests only).
    #[cfg(test)]
    fn keys(self) -> &'static [Key] {
        match self {
            Locale::En => en::KEYS,
            Locale::Fr => fr::KEYS,
            Locale::Es => es::KEYS,
            Locale::Hu => hu::KEYS,
            Locale::Pt => pt::KEYS,
            Locale::Pl => pl::KEYS,
            Locale::Cs => cs::KEYS,
            Locale::Sk => sk::KEYS,
            Locale::Ru => ru::KEYS,
            Locale::De => de::KEYS,
            Locale::It => it::KEYS,
            Locale::Ar => ar::KEYS,
            Locale::ZhCn => zh_cn::KEYS,
            Locale::Nl => nl::KEYS,
            Locale::Sv => sv::KEYS,
            Locale::Sw => sw::KEYS,
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
        self.locale.text(key).to_owned()
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
            Locale::En.text(Key::EmailNotConfirmed)
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

    #[test]
    fn every_locale_has_every_key() {
        for locale in Locale::ALL {
            for key in Key::ALL {
                let text = locale.lookup(key);
                assert!(
                    text.is_some_and(|t| !t.trim().is_empty()),
                    "{locale:?} has no text for {key:?}"
                );
            }
            if locale != Locale::En {
                assert_ne!(
                    locale.lookup(Key::LogIn),
                    Some(Locale::En.text(Key::LogIn)),
                    "{locale:?} is not translated"
                );
            }
        }
    }

    #[test]
    fn every_table_lists_every_key_once_in_key_order() {
        for locale in Locale::ALL {
            assert_eq!(
                locale.keys(),
                Key::ALL,
                "{locale:?} lists its keys out of order"
            );
            // One text per key, each ended by END: one more (empty) piece after the last.
            let pieces: Vec<&str> = locale.table().split(END).collect();
            assert_eq!(
                pieces.len(),
                Key::ALL.len() + 1,
                "{locale:?} has a stray separator"
            );
            assert_eq!(pieces.last(), Some(&""), "{locale:?} does not end with END");
        }
        for (i, key) in Key::ALL.into_iter().enumerate() {
            assert_eq!(
                key as usize, i,
                "{key:?}'s discriminant is not its place in Key::ALL"
            );
        }
        assert_eq!(Locale::En.text(Key::LogIn), "Log in");
        assert_eq!(Locale::En.text(Key::SiteUrlSubmit), "Set site's URL");
        assert_eq!(
            Locale::Ar.text(Key::SiteUrlSubmit),
            ar::TEXT.split(END).nth(54).unwrap_or_default()
        );
    }

    #[test]
    fn key_all_lists_every_variant_once() {
        // Exhaustive: a new variant fails to compile here until it is listed.
        let position = |key: Key| -> usize {
            match key {
                Key::LogIn => 0,
                Key::LogOut => 1,
                Key::LoggedInAs => 2,
                Key::LoggedIn => 3,
                Key::LoggingIn => 4,
                Key::LoggingOut => 5,
                Key::SignUp => 6,
                Key::SigningUp => 7,
                Key::ForgotPassword => 8,
                Key::RecoverPassword => 9,
                Key::SendRecoveryEmail => 10,
                Key::SendingRecoveryEmail => 11,
                Key::NeverMind => 12,
                Key::UpdatePassword => 13,
                Key::UpdatingPassword => 14,
                Key::CompleteYourSignup => 15,
                Key::MessageConfirm => 16,
                Key::MessagePasswordMail => 17,
                Key::MessageEmailChanged => 18,
                Key::MessageVerificationError => 19,
                Key::MessageSignupDisabled => 20,
                Key::FormNamePlaceholder => 21,
                Key::FormEmailLabel => 22,
                Key::FormNameLabel => 23,
                Key::FormEmailPlaceholder => 24,
                Key::FormPasswordLabel => 25,
                Key::FormPasswordPlaceholder => 26,
                Key::ContinueWith => 27,
                Key::NoUserFound => 28,
                Key::InvalidPassword => 29,
                Key::EmailNotConfirmed => 30,
                Key::UserNotFound => 31,
                Key::Or => 32,
                Key::ShowPassword => 33,
                Key::HidePassword => 34,
                Key::Close => 35,
                Key::Loading => 36,
                Key::ProvidersOnly => 37,
                Key::AccountName => 38,
                Key::AccountEmail => 39,
                Key::NewPassword => 40,
                Key::Save => 41,
                Key::Saving => 42,
                Key::MessageSaved => 43,
                Key::MessageEmailChangeSent => 44,
                Key::MessagePasswordChanged => 45,
                Key::LogInToManage => 46,
                Key::PendingEmail => 47,
                Key::Welcome => 48,
                Key::SiteUrlTitle => 49,
                Key::SiteUrlLinkText => 50,
                Key::SiteUrlMessage => 51,
                Key::SiteUrlLabel => 52,
                Key::SiteUrlPlaceholder => 53,
                Key::SiteUrlSubmit => 54,
            }
        };
        for (i, key) in Key::ALL.into_iter().enumerate() {
            assert_eq!(position(key), i, "{key:?} is misplaced in Key::ALL");
        }
    }
}
